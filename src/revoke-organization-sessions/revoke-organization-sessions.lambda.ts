import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  ListPoliciesCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { DEFAULT_POLICY_PREFIX, readOrganizationRequest } from './properties';
import { buildScp, exemptPatterns, keepDroppedSelections, MAX_SCPS_PER_TARGET, scpCutoff } from './scp-document';
import {
  InputError, log, reasonOf, TargetFailure, throwIfFailed, withConflictRetries,
} from '../core/failure-report';
import {
  Capabilities, capabilitiesFor, FunctionGrants, functionGrantsFromEnv, isOwnedBy, nextCutoff, ownedName, ownerTag, serves,
} from '../core/ratchet';
import { describeCutoff, readLeniently, resolveCutoff } from '../core/resource-props';
import { DEFAULT_RETRY, errorName, mapWithConcurrency } from '../core/retry';

/** What the Provider framework expects back. */
export interface OrganizationResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** Collaborators, replaceable in tests. */
export interface OrganizationDeps extends FunctionGrants {
  readonly org: OrganizationsClient;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const DEADLINE_MARGIN_MS = 15_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Organizations throttles per account; a few attachments at once stay well inside it. */
const CONCURRENCY = 4;
const SCP = 'SERVICE_CONTROL_POLICY';

interface OwnPolicy {
  readonly name: string;
  readonly id: string;
  readonly content: string;
}

/** Builds the handler; the deployed entry point is `handler`. */
export function createOrganizationHandler(overrides: Partial<OrganizationDeps> = {}) {
  const deps: OrganizationDeps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    org: overrides.org ?? new OrganizationsClient({
      maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    ...functionGrantsFromEnv(overrides),
  };

  return async (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<OrganizationResponse> => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    const ops = new OrgOps(deps, remainingMs);
    const owner = ownerTag(event.StackId, event.LogicalResourceId);
    // Removal and lowering only for the resources of its own stack this function serves: a forged event naming another gets neither.
    const capabilities = capabilitiesFor(deps.capabilities, deps.capableResources, event.StackId, event.LogicalResourceId);

    if (event.RequestType === 'Delete') {
      return { PhysicalResourceId: await deleteOwn(ops, capabilities, event.ResourceProperties, event.PhysicalResourceId, owner) };
    }

    const request = readOrganizationRequest(event.ResourceProperties);
    const name = ownedName(request.policyPrefix, owner);
    // A cutoff more than an hour ahead only for a resource deployed with allowFutureCutoff, whatever the event says.
    const allowFuture = request.allowFutureCutoff && serves(deps.futureResources, event.StackId, event.LogicalResourceId);
    const requestedMs = resolveCutoff(request.cutoff, deps.now(), allowFuture);
    const owned = await ops.findOwned(owner);
    const existing = owned.find((p) => p.name === name);
    // Every SCP this resource owns counts, whatever prefix named it: a prefix change (whose old
    // SCP DESTROY deletes afterwards) must not restart the ratchet.
    const inForce = latestInForce(owned, name);
    const lower = capabilities.lower && request.allowEarlierCutoff;
    if (inForce === Infinity && requestedMs !== Infinity && !lower) {
      const holder = owned.find((p) => {
        const read = scpCutoff(p.content);
        return read.ok && read.cutoffMs === Infinity;
      })!;
      throw new InputError(`SCP ${holder.name} (${holder.id}) denies every session of its users (no cutoff); a cutoff would let sessions issued `
        + 'after it through again; keep issuedBefore unset, or set allowEarlierCutoff: true to weaken it on purpose');
    }
    const cutoffMs = nextCutoff(inForce, requestedMs, lower);
    const built = buildScp({
      selections: request.selections,
      exempt: exemptPatterns(request.breakGlass, request.exemptArns),
      cutoffMs: cutoffMs === Infinity ? undefined : cutoffMs,
    });
    // Dropping a selection un-revokes its sessions: only a resource that may remove does that.
    const { text: content, kept: selectionsKept } = existing && !(request.destroy && capabilities.remove)
      ? keepDroppedSelections(existing.content, built, cutoffMs === Infinity ? undefined : cutoffMs)
      : { text: built, kept: 0 };
    if (content.length > request.maxScpCharacters) {
      const keptNote = selectionsKept > 0
        ? ` (including ${selectionsKept} statement${selectionsKept > 1 ? 's' : ''} of selections dropped from the properties, which RETAIN keeps)`
        : '';
      throw new InputError(`SCP ${name} would be ${content.length} characters${keptNote}, over Organizations' ${request.maxScpCharacters}; `
        + 'select fewer names or break-glass roles, or split them across two constructs');
    }
    let policyId: string;
    if (!existing) {
      const created = await ops.call(() => deps.org.send(new CreatePolicyCommand({
        Name: name, Type: SCP, Content: content, Description: 'cdk-revoke-sessions: denies sessions issued before a cutoff',
      })));
      policyId = created.Policy!.PolicySummary!.Id!;
    } else {
      policyId = existing.id;
      if (existing.content !== content) {
        await ops.call(() => deps.org.send(new UpdatePolicyCommand({ PolicyId: policyId, Content: content })));
      }
    }
    log({ event: existing ? 'scp-updated' : 'scp-created', policy: name, policyId, cutoff: describeCutoff(cutoffMs), characters: content.length, selectionsKept });

    const attached = await ops.targetsOf(policyId);
    const missing = request.targets.filter((t) => !attached.has(t));
    const failures = (await mapWithConcurrency(missing, CONCURRENCY, (target) => ops.attach(policyId, target))).filter(isFailure);
    const dropped = [...attached].filter((t) => !request.targets.includes(t));
    let kept = dropped.length;
    if (dropped.length > 0 && request.destroy && capabilities.remove) {
      // A failed detach leaves the deny in place: safe, so it is reported, not fatal.
      const detachFailures = (await mapWithConcurrency(dropped, CONCURRENCY, (target) => ops.detach(policyId, target))).filter(isFailure);
      kept = detachFailures.length;
    }
    throwIfFailed(`attach SCP ${name} (${policyId}) to`, 'targets', request.targets.length, failures);
    log({ event: event.RequestType.toLowerCase(), policy: name, attached: missing.length, kept });
    return {
      PhysicalResourceId: name,
      Data: {
        PolicyId: policyId,
        PolicyName: name,
        EffectiveCutoff: describeCutoff(cutoffMs),
        RequestedCutoff: describeCutoff(requestedMs),
        TargetsAttached: String(request.targets.length),
        TargetsKept: String(kept),
        Characters: String(content.length),
      },
    };
  };
}

/** The deployed entry point. */
export const handler = createOrganizationHandler();

/**
 * Applies the removal policy on Delete. The SCP stays unless this resource provably wrote it
 * (the physical id it issued), the properties ask for destroy and the function may remove.
 */
async function deleteOwn(ops: OrgOps, caps: Capabilities, props: unknown, physicalId: string, owner: string): Promise<string> {
  const request = readLeniently(readOrganizationRequest, props);
  const name = ownedName(request?.policyPrefix ?? DEFAULT_POLICY_PREFIX, owner);
  const destroy = request?.destroy === true && caps.remove && physicalId === name;
  if (destroy) {
    const existing = (await ops.findOwned(owner)).find((p) => p.name === name);
    if (existing) {
      const targets = [...await ops.targetsOf(existing.id)];
      const failures = (await mapWithConcurrency(targets, CONCURRENCY, (t) => ops.detach(existing.id, t))).filter(isFailure);
      throwIfFailed(`detach SCP ${name} (${existing.id}) from`, 'targets', targets.length, failures);
      await ops.call(() => ops.org.send(new DeletePolicyCommand({ PolicyId: existing.id }))).catch((err) => {
        if (errorName(err) !== 'PolicyNotFound') {
          throw err;
        }
      });
    }
  }
  log({ event: 'delete', policy: name, retained: !destroy });
  return physicalId;
}

/** The latest cutoff over the owned SCPs; the one named `name` must be readable, the others count when they are. */
function latestInForce(owned: readonly OwnPolicy[], name: string): number | undefined {
  let latest: number | undefined;
  for (const policy of owned) {
    const read = scpCutoff(policy.content);
    if (!read.ok && policy.name === name) {
      throw new InputError(`SCP ${name} (${policy.id}) was changed outside this library: ${read.reason}; it was left untouched, `
        + 'restore it or delete it, then deploy again');
    }
    if (read.ok) {
      latest = Math.max(latest ?? -Infinity, read.cutoffMs);
    }
  }
  return latest;
}

function isFailure(x: TargetFailure | undefined): x is TargetFailure {
  return x !== undefined;
}

/** Organizations calls, each retried (throttling, transient and conflicting writes) within the deadline. */
class OrgOps {
  constructor(private readonly deps: OrganizationDeps, private readonly remainingMs: () => number) {}

  public get org(): OrganizationsClient {
    return this.deps.org;
  }

  public call<T>(fn: () => Promise<T>): Promise<T> {
    return withConflictRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs });
  }

  /** Every SCP this resource owns (named `<prefix>-<owner tag>`, whatever the prefix), with its text. */
  public async findOwned(owner: string): Promise<OwnPolicy[]> {
    const found: Array<{ name: string; id: string }> = [];
    let token: string | undefined;
    do {
      const page = await this.call(() => this.deps.org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: token })));
      (page.Policies ?? []).forEach((p) => p.Name && p.Id && isOwnedBy(p.Name, owner) && found.push({ name: p.Name, id: p.Id }));
      token = page.NextToken;
    } while (token);
    return Promise.all(found.map(async (p) => {
      const described = await this.call(() => this.deps.org.send(new DescribePolicyCommand({ PolicyId: p.id })));
      return { ...p, content: described.Policy?.Content ?? '' };
    }));
  }

  public async targetsOf(policyId: string): Promise<Set<string>> {
    const targets = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.call(() => this.deps.org.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token })));
      (page.Targets ?? []).forEach((t) => t.TargetId && targets.add(t.TargetId));
      token = page.NextToken;
    } while (token);
    return targets;
  }

  /** Attaches the SCP; a failure is returned with the target, so other targets go on. */
  public attach(policyId: string, target: string): Promise<TargetFailure | undefined> {
    return this.settle('attached', target, 'DuplicatePolicyAttachment',
      () => this.deps.org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: target })));
  }

  public detach(policyId: string, target: string): Promise<TargetFailure | undefined> {
    return this.settle('detached', target, 'PolicyNotAttached',
      () => this.deps.org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: target })));
  }

  /** Runs one target's call; `done` (the error meaning it already holds) counts as success. */
  private async settle(verb: string, target: string, done: string, fn: () => Promise<unknown>): Promise<TargetFailure | undefined> {
    try {
      await this.call(fn);
      log({ event: `scp-${verb}`, target });
      return undefined;
    } catch (err) {
      const name = errorName(err);
      if (name === done) {
        return undefined;
      }
      const hint = name === 'ConstraintViolation' && verb === 'attached'
        ? ` (the target may already have the most SCPs it can take, ${MAX_SCPS_PER_TARGET} by default: detach one, or attach this one to an OU above it)`
        : '';
      log({ event: `scp-not-${verb}`, target, reason: reasonOf(err) });
      return { name: target, reason: `${reasonOf(err)}${hint}` };
    }
  }
}
