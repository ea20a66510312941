/**
 * The organization writer on the revocation engine: its Organizations calls. What it decides is in
 * `scp-plan.ts`; here it reads the SCPs it owns, writes one new SCP per content (never UpdatePolicy),
 * attaches it, verifies it with a fresh read, and only then detaches and deletes the owned SCPs it
 * dominates. The highest revocation is therefore never taken away by a run planned from a stale read.
 */
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  ListPoliciesCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { OrganizationRequest, readOrganizationRequest, sparedOf, TARGET_KEYS } from './properties';
import { MAX_SCPS_PER_TARGET, raiseScpCutoff, readScp } from './scp-document';
import {
  generationRemoval, listScps, markedInForce, MAX_OWNED_SCPS, OwnedScp, planScp, readScpName, scpName, stackRoleArns, supersedes,
  trustedExemptions,
} from './scp-plan';
import { ApplyRun, Outcome, RemovalRun, Writer } from '../core/engine/handler';
import { failureMessage, InputError, reasonOf, TargetFailure, withConflictRetries } from '../core/failure-report';
import { describeCutoff } from '../core/resource-props';
import { DEFAULT_RETRY, errorName, mapWithConcurrency } from '../core/retry';

const SCP = 'SERVICE_CONTROL_POLICY';
/** Organizations throttles per account; a few attachments at once stay well inside it. */
const CONCURRENCY = 4;

/** Collaborators, replaceable in tests. */
export interface ScpWriterDeps {
  readonly org: Pick<OrganizationsClient, 'send'>;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the invocation must stop; no retry starts past it. */
  readonly remainingMs: () => number;
  /**
   * The stack's own roles (its providers' and deploy roles), as `path/name` after `role/`, from the
   * function's environment: every statement exempts them, whatever the event says.
   */
  readonly stackRoles: readonly string[];
  /** The function's own stack (`REVOKE_STACK`): the account and partition of those roles. */
  readonly stackArn: string;
  readonly log: (entry: Record<string, unknown>) => void;
}

/** The writer of `Custom::RevokeOrganizationSessions`. */
export function scpWriter(deps: ScpWriterDeps): Writer<OrganizationRequest> {
  return {
    construct: 'RevokeOrganizationSessions',
    targetKeys: TARGET_KEYS,
    readRequest: readOrganizationRequest,
    cutoffOf: (r) => r.cutoff,
    spared: sparedOf,
    apply: (run) => apply(new OrgOps(deps), deps, run),
    remove: (run) => remove(new OrgOps(deps), deps, run),
  };
}

async function apply(ops: OrgOps, deps: ScpWriterDeps, run: ApplyRun<OrganizationRequest>): Promise<Outcome> {
  const r = run.request;
  const management = await ops.managementAccount();
  if (management !== undefined && r.targets.includes(management)) {
    throw new InputError(`target ${management} is the organization's management account, where SCPs never apply, so its sessions would `
      + 'stay valid; remove it from targets and revoke its sessions there with RevokeOlderSessions or RevokeIdentityCenterSessions');
  }
  let owned = await ops.owned(run.owner);
  const stackRoles = stackRoleArns(deps.stackArn, deps.stackRoles);
  const trusted = trustedExemptions(stackRoles);
  const lower = run.grant.lower && r.allowEarlierCutoff;
  const requestedMs = run.requestedCutoff(markedInForce(r.cutoff, owned));
  const plan = planScp({ request: r, owned, stackRoles, requestedMs, lower, owner: run.owner, generation: run.generation });
  if (plan.content.length > r.maxScpCharacters) {
    throw new InputError(`SCP ${plan.name} would be ${plan.content.length} characters, over Organizations' ${r.maxScpCharacters} `
      + '(scpQuotas.maxCharacters); select fewer names or break-glass roles, or split them across two constructs');
  }

  let current = owned.find((p) => p.name === plan.name);
  let created = false;
  if (current && current.content !== plan.content) {
    throw new InputError(`SCP ${current.name} (${current.id}) was changed outside this library; it was left untouched, `
      + 'restore it or delete it, then deploy again');
  }
  if (!current) {
    if (owned.length >= MAX_OWNED_SCPS) {
      owned = await prune(ops, owned, trusted);
    }
    if (owned.length >= MAX_OWNED_SCPS) {
      throw new InputError(`this revocation already owns ${owned.length} SCPs, the most it may hold at once (${MAX_OWNED_SCPS}), and none of them `
        + `supersedes another: ${listScps(owned)}. They all stay in force. Check what each denies and delete those no longer wanted (forged `
        + 'events and selections or targets kept by RETAIN leave them), or deploy with removalPolicy DESTROY so removed selections go, then deploy again');
    }
    current = await ops.create(plan.name, plan.content, { owner: run.owner, prefix: r.policyPrefix, generation: run.generation });
    created = true;
  }

  // A new SCP is attached nowhere yet (if a concurrent run created it, DuplicatePolicyAttachment counts as done).
  const before = created ? new Set<string>() : await ops.targetsOf(current.id);
  const failures = (await mapWithConcurrency(r.targets.filter((t) => !before.has(t)), CONCURRENCY, (t) => ops.attach(current!.id, t)))
    .filter((f): f is TargetFailure => f !== undefined);
  // Verified by a fresh read: what is attached, and that the text is the one planned.
  const verified = await ops.targetsOf(current.id);
  if ((await ops.describe(current.id)) !== plan.content) {
    throw new Error(`SCP ${current.name} (${current.id}) does not hold the text just written; nothing was detached or deleted, deploy again`);
  }

  let superseded = 0;
  const kept: OwnedScp[] = [];
  for (const other of owned.filter((p) => p.id !== current!.id)) {
    const targets = other.read.ok ? await ops.targetsOf(other.id) : new Set<string>();
    if (supersedes(plan.statements, verified, other, targets, trusted, lower) && await ops.removeScp(other, targets)) {
      superseded++;
    } else {
      kept.push(other);
    }
  }
  deps.log({ event: 'scp-in-force', policy: current.name, policyId: current.id, cutoff: describeCutoff(plan.cutoffMs), superseded, kept: kept.length });

  if (failures.length > 0) {
    const message = `${failureMessage(`attach SCP ${current.name} (${current.id}) to`, 'targets', r.targets.length, failures)}; `
      + 'a rollback keeps what was attached, and the earlier SCPs stay in force where this one is not';
    const err = new Error(message);
    err.stack = `Error: ${message}`;
    throw err;
  }
  return {
    complete: true,
    data: {
      PolicyId: current.id,
      PolicyName: current.name,
      EffectiveCutoff: describeCutoff(plan.cutoffMs),
      RequestedCutoff: describeCutoff(requestedMs),
      TargetsAttached: String(r.targets.filter((t) => verified.has(t)).length),
      PoliciesSuperseded: String(superseded),
      PoliciesKept: kept.map((p) => p.name).join(','),
      Characters: String(plan.content.length),
    },
  };
}

/**
 * Removes owned SCPs another owned SCP already dominates (left by a stale run or an interrupted
 * one), each checked against fresh reads, to make room under `MAX_OWNED_SCPS`.
 */
async function prune(ops: OrgOps, owned: readonly OwnedScp[], trusted: ReadonlySet<string>): Promise<OwnedScp[]> {
  const targets = new Map<OwnedScp, Set<string>>();
  for (const p of owned) {
    targets.set(p, await ops.targetsOf(p.id));
  }
  const left = [...owned];
  for (const candidate of owned) {
    const holder = left.find((p) => p !== candidate && p.read.ok
      && supersedes(p.read.statements, targets.get(p)!, candidate, targets.get(candidate)!, trusted, false));
    if (holder && await ops.removeScp(candidate, targets.get(candidate)!)) {
      left.splice(left.indexOf(candidate), 1);
    }
  }
  return left;
}

async function remove(ops: OrgOps, deps: ScpWriterDeps, run: RemovalRun<OrganizationRequest>): Promise<Outcome> {
  const owned = await ops.owned(run.owner);
  const unreadable = owned.filter((p) => !p.read.ok);
  if (unreadable.length > 0) {
    deps.log({ event: 'scp-left', reason: 'changed outside this library', policies: unreadable.map((p) => p.name) });
  }
  let going: OwnedScp[];
  if (run.scope.kind === 'all') {
    going = owned.filter((p) => p.read.ok);
  } else {
    const live = owned.filter((p) => p.read.ok && p.generation === (run.scope as { live: string }).live);
    going = owned.filter((p) => p.read.ok && p.generation === run.generation);
    if (going.length > 0 && live.length === 0) {
      deps.log({ event: 'scp-left', reason: `the live generation ${run.scope.live} has no SCP in force`, policies: going.map((p) => p.name) });
      return { complete: true, data: {} };
    }
    const { raise } = generationRemoval(going, live, run.grant.lower);
    for (const [scp, cutoffMs] of raise) {
      if (cutoffMs === Infinity && !run.grant.noCutoff) {
        deps.log({ event: 'scp-left', reason: 'the replaced generation denies without a cutoff', policies: going.map((p) => p.name) });
        return { complete: true, data: {} };
      }
      await raiseLive(ops, deps, run, scp, cutoffMs, owned);
    }
  }
  const failures: TargetFailure[] = [];
  for (const p of going) {
    const targets = await ops.targetsOf(p.id);
    if (!await ops.removeScp(p, targets)) {
      failures.push({ name: `${p.name} (${p.id})`, reason: 'it could not be detached from every target or deleted; see the function\'s log' });
    }
  }
  const message = failureMessage('remove', 'SCPs', going.length, failures);
  if (message !== undefined) {
    throw new Error(message);
  }
  return { complete: true, data: {} };
}

/** Writes the live generation's SCP again with a cutoff at least `cutoffMs`, verifies it, and retires the lower one. */
async function raiseLive(ops: OrgOps, deps: ScpWriterDeps, run: RemovalRun<OrganizationRequest>, live: OwnedScp, cutoffMs: number,
  owned: readonly OwnedScp[]): Promise<void> {
  const content = raiseScpCutoff(live.content, cutoffMs);
  const read = readScp(content);
  const name = scpName(live.prefix, run.owner, live.generation!, content);
  const targets = await ops.targetsOf(live.id);
  if (!read.ok) {
    throw new Error(`the live SCP ${live.name} could not be raised (${read.reason}); nothing was removed`);
  }
  // Past MAX_OWNED_SCPS for a moment: this Delete is CloudFormation's own, and retires two SCPs next.
  const raised = owned.find((p) => p.name === name)
    ?? await ops.create(name, content, { owner: run.owner, prefix: live.prefix, generation: live.generation! });
  const failures = (await mapWithConcurrency([...targets], CONCURRENCY, (t) => ops.attach(raised.id, t))).filter((f) => f !== undefined);
  const verified = await ops.targetsOf(raised.id);
  if (failures.length > 0 || (await ops.describe(raised.id)) !== content) {
    throw new Error(`the live SCP ${live.name} could not be raised to ${describeCutoff(cutoffMs)} on every target; nothing was removed`);
  }
  if (supersedes(read.statements, verified, live, targets, trustedExemptions([]), false)) {
    await ops.removeScp(live, targets);
  }
  deps.log({ event: 'scp-raised', policy: raised.name, cutoff: describeCutoff(cutoffMs), replacing: live.name });
}

/** Organizations calls, each retried (throttling, transient and conflicting writes) within the deadline. */
class OrgOps {
  constructor(private readonly deps: ScpWriterDeps) {}

  public call<T>(fn: () => Promise<T>): Promise<T> {
    return withConflictRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.deps.remainingMs });
  }

  public async managementAccount(): Promise<string | undefined> {
    const out = await this.call(() => this.deps.org.send(new DescribeOrganizationCommand({})));
    return out.Organization?.MasterAccountId;
  }

  /** Every SCP this resource owns, any generation and prefix, with its text as it reads now. */
  public async owned(owner: string): Promise<OwnedScp[]> {
    const found: Array<{ name: string; id: string; prefix: string; generation?: string }> = [];
    let token: string | undefined;
    do {
      const page = await this.call(() => this.deps.org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: token })));
      for (const p of page.Policies ?? []) {
        const named = p.Name && p.Id ? readScpName(p.Name, owner) : undefined;
        if (named) {
          found.push({ name: p.Name!, id: p.Id!, ...named });
        }
      }
      token = page.NextToken;
    } while (token);
    const owned: OwnedScp[] = [];
    for (const p of found) {
      const content = await this.describe(p.id);
      if (content !== undefined) {
        owned.push({ ...p, content, read: readScp(content) });
      }
    }
    return owned;
  }

  /** The SCP's text; `undefined` once it is gone. */
  public async describe(id: string): Promise<string | undefined> {
    try {
      return (await this.call(() => this.deps.org.send(new DescribePolicyCommand({ PolicyId: id })))).Policy?.Content ?? '';
    } catch (err) {
      if (errorName(err) === 'PolicyNotFound') {
        return undefined;
      }
      throw err;
    }
  }

  /** Creates an SCP that is never updated; if a concurrent run created the same name, that one. */
  public async create(name: string, content: string, of: { owner: string; prefix: string; generation: string }): Promise<OwnedScp> {
    const { generation } = of;
    try {
      const out = await this.call(() => this.deps.org.send(new CreatePolicyCommand({
        Name: name,
        Type: SCP,
        Content: content,
        Description: `cdk-revoke-sessions: denies sessions issued before a cutoff; written once, generation ${generation}, never edit it`,
      })));
      this.deps.log({ event: 'scp-created', policy: name, policyId: out.Policy!.PolicySummary!.Id, characters: content.length });
      return { name, prefix: of.prefix, id: out.Policy!.PolicySummary!.Id!, content, read: readScp(content), generation };
    } catch (err) {
      if (errorName(err) !== 'DuplicatePolicy') {
        throw err;
      }
      const same = (await this.owned(of.owner)).find((p) => p.name === name);
      if (!same || same.content !== content) {
        throw new Error(`SCP ${name} exists with another text; it was left untouched, delete it and deploy again`);
      }
      return same;
    }
  }

  public async targetsOf(policyId: string): Promise<Set<string>> {
    const targets = new Set<string>();
    let token: string | undefined;
    try {
      do {
        const page = await this.call(() => this.deps.org.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token })));
        (page.Targets ?? []).forEach((t) => t.TargetId && targets.add(t.TargetId));
        token = page.NextToken;
      } while (token);
    } catch (err) {
      if (errorName(err) !== 'PolicyNotFound') {
        throw err;
      }
    }
    return targets;
  }

  /** Attaches the SCP; a failure is returned with the target, so other targets go on. */
  public async attach(policyId: string, target: string): Promise<TargetFailure | undefined> {
    try {
      await this.call(() => this.deps.org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: target })));
      this.deps.log({ event: 'scp-attached', policyId, target });
      return undefined;
    } catch (err) {
      const name = errorName(err);
      if (name === 'DuplicatePolicyAttachment') {
        return undefined;
      }
      const hint = name === 'ConstraintViolation'
        ? ` (no free SCP slot: a target takes ${MAX_SCPS_PER_TARGET} by default, and a new cutoff needs one more until it supersedes the `
          + 'earlier SCP, which stays in force there; detach an SCP the target no longer needs, or attach the revocation to an OU above it)'
        : '';
      this.deps.log({ event: 'scp-not-attached', policyId, target, reason: reasonOf(err) });
      return { name: target, reason: `${reasonOf(err)}${hint}` };
    }
  }

  /** Detaches an owned SCP from `targets` and deletes it; `false` (logged) when it stays anywhere. */
  public async removeScp(scp: OwnedScp, targets: ReadonlySet<string>): Promise<boolean> {
    try {
      for (const t of targets) {
        await this.call(() => this.deps.org.send(new DetachPolicyCommand({ PolicyId: scp.id, TargetId: t }))).catch((err) => {
          if (errorName(err) !== 'PolicyNotAttached') {
            throw err;
          }
        });
      }
      await this.call(() => this.deps.org.send(new DeletePolicyCommand({ PolicyId: scp.id }))).catch((err) => {
        if (errorName(err) !== 'PolicyNotFound') {
          throw err;
        }
      });
      this.deps.log({ event: 'scp-deleted', policy: scp.name, policyId: scp.id, detached: targets.size });
      return true;
    } catch (err) {
      // Attached somewhere it was not read (a concurrent run attached it): it stays, which is safe.
      this.deps.log({ event: 'scp-kept', policy: scp.name, policyId: scp.id, reason: reasonOf(err) });
      return false;
    }
  }
}
