/**
 * The switch's runs, on the engine: the fourth writer. A deployment puts its statement into a new
 * version of the owned policy (created as the default in one call, whatever the number of armed
 * roles), verifies by a fresh read that the default dominates every version, arms the selected
 * roles, and revokes inline the ones it cannot arm. The sweep and the `CreateRole` rule re-arm and
 * put the highest version back; removal runs only through the engine's CloudFormation gate.
 */
import {
  buildSwitchDocument, documentChars, exemptPatterns, MAX_MANAGED_POLICY_CHARS, MAX_POLICY_VERSIONS, readSwitchDocument, ReadVersion,
  SWITCH_POLICY_PATH, switchPolicyArn, switchPolicyName, SwitchStatement,
} from './document';
import { SwitchIam } from './iam';
import {
  ArmingPlan, cutoffFor, describeTampering, markedCutoff, mergeStatements, mergeVersions, NotArmedReason, ownedFallbacks, planArming,
  planCleanup, planFallback, planGenerationRemoval, planMakeRoom, planReassert, planStatements, RoleView, sameStatements, VersionView,
} from './plan';
import { readSwitchRequest, SWITCH_TARGET_KEYS, switchSpared, SwitchRequest } from './properties';
import { deployTimeMark } from '../core/engine/cutoff';
import { ApplyRun, Outcome, RemovalRun, Writer } from '../core/engine/handler';
import { firstNames } from '../core/engine/response';
import { InputError, failureMessage, reasonOf, TargetFailure } from '../core/failure-report';
import { formatInstant } from '../core/instant';
import { roleNameSet } from '../core/lockout';
import { errorName, mapWithConcurrency } from '../core/retry';
import { latestCutoff, readRevocationDocument } from '../core/revocation-document';

export const CONSTRUCT = 'RevocationSwitch';
const DESCRIPTION = 'cdk-revoke-sessions RevocationSwitch: its default version revokes the sessions of every role it is attached to. '
  + 'Written only by the switch\'s function; setting another default version or detaching it undoes a revocation.';
/** Rounds of read-and-repair after a write: each one ends with a fresh read. */
const SETTLE_ROUNDS = 5;
/** Names listed in a report: the response must stay under 4 KB. */
const MAX_NAMES_BYTES = 800;
export const IDLE_REPORT = 'none (idle: the switch denies nothing)';

/** What every run needs besides its event. */
export interface SwitchContext {
  readonly iam: SwitchIam;
  readonly log: (entry: Record<string, unknown>) => void;
  /** ARNs of this stack's provider and deploy roles (the function's environment): never armed, exempt in every version. */
  readonly protectedArns: readonly string[];
  readonly concurrency: number;
  /** Whether too little time is left to start another role. */
  readonly outOfTime: () => boolean;
  /** Waits before reading again (IAM is eventually consistent); none in tests. */
  readonly pause?: (ms: number) => Promise<void>;
}

/** The switch as a writer of the engine. */
export function switchWriter(ctx: SwitchContext): Writer<SwitchRequest> {
  return {
    construct: CONSTRUCT,
    targetKeys: SWITCH_TARGET_KEYS,
    readRequest: readSwitchRequest,
    cutoffOf: (r) => r.cutoff,
    spared: (r) => switchSpared(r.narrowing, r.exclude),
    apply: (run) => applySwitch(ctx, run),
    remove: (run) => removeSwitch(ctx, run),
  };
}

/** The policy's ARN, in the stack's partition and account. */
export function policyArnOf(stackId: string, owner: string): string {
  const m = /^arn:([^:]+):cloudformation:[^:]*:(\d{12}):stack\//.exec(stackId);
  if (!m) {
    throw new InputError(`the event's StackId "${stackId.slice(0, 120)}" is not a CloudFormation stack ARN; deploy the ${CONSTRUCT} construct`);
  }
  return switchPolicyArn(m[1], m[2], owner);
}

// ---------------------------------------------------------------- versions

type Cache = Map<string, ReadVersion>;

/** Every version with its content; each document is read once per run. `undefined`: no policy. */
async function readVersions(ctx: SwitchContext, arn: string, owner: string, cache: Cache): Promise<VersionView[] | undefined> {
  const listed = await ctx.iam.listVersions(arn);
  if (listed === undefined) {
    return undefined;
  }
  const out: VersionView[] = [];
  for (const v of listed) {
    let content = cache.get(v.id);
    if (content === undefined) {
      const text = await ctx.iam.getVersion(arn, v.id);
      if (text === undefined) {
        continue;
      }
      content = readSwitchDocument(text, owner);
      cache.set(v.id, content);
    }
    out.push({ ...v, content });
  }
  return out;
}

/** The text of a version, refused when it would not fit IAM's 6,144 characters. */
export function checkedDocument(owner: string, statements: readonly SwitchStatement[]): string {
  const text = buildSwitchDocument(owner, statements);
  const chars = documentChars(text);
  if (chars > MAX_MANAGED_POLICY_CHARS) {
    throw new InputError(`the switch's next version would be ${chars} characters, over IAM's ${MAX_MANAGED_POLICY_CHARS} for a managed policy `
      + `(${statements.length} statements, one per narrowing this switch was deployed with, each exempting ${statements[0]?.exempt.length ?? 0} roles); `
      + 'nothing was written: shorten exclude, or deploy with RemovalPolicy.DESTROY so replaced narrowings go in the cleanup phase');
  }
  return text;
}

/** Creates a version as the default, making room first by deleting a version the default dominates. */
async function writeVersion(ctx: SwitchContext, arn: string, owner: string, cache: Cache, versions: readonly VersionView[],
  statements: readonly SwitchStatement[], written?: Set<string>): Promise<string> {
  const text = checkedDocument(owner, statements);
  if (versions.length >= MAX_POLICY_VERSIONS) {
    const room = planMakeRoom(versions);
    if (room === undefined) {
      throw new Error(`the switch policy ${arn} holds ${versions.length} versions and the default dominates none of them, so none may be deleted; `
        + 'nothing was written; the sweep or the next deployment reads them all again');
    }
    ctx.log({ event: 'version-deleted', policy: arn, version: room, reason: 'room for the next version' });
    await ctx.iam.deleteVersion(arn, room);
  }
  const id = await ctx.iam.createVersion(arn, text, true);
  written?.add(id);
  cache.set(id, readSwitchDocument(text, owner));
  ctx.log({ event: 'version-created', policy: arn, version: id, statements: statements.map((s) => `${s.generation}@${formatInstant(s.cutoffMs)}`) });
  return id;
}

/**
 * Reads again until the default dominates `required` and every owned version (with `exact`, until
 * it holds exactly `required`: a lowering or a removal), repairing what a concurrent or stale write
 * left; then deletes what the verified default dominates. Returns the verified default.
 */
async function settle(ctx: SwitchContext, arn: string, owner: string, cache: Cache, required: readonly SwitchStatement[],
  exact: boolean, written = new Set<string>()): Promise<VersionView> {
  const waited = new Set<string>();
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    const versions = await readVersions(ctx, arn, owner, cache);
    if (versions === undefined) {
      throw new Error(`the switch policy ${arn} was deleted during the deployment; deploy again to create it (what is armed stays armed)`);
    }
    const want = exact ? [...required] : [...mergeStatements([required, ...ownedStatements(versions)]).values()];
    const plan = planReassert(versions, want, exact);
    if (plan.kind === 'in-force') {
      const current = versions.find((v) => v.isDefault)!;
      for (const id of planCleanup(versions, current, exact)) {
        const r = await ctx.iam.deleteVersion(arn, id);
        ctx.log({ event: 'version-deleted', policy: arn, version: id, reason: 'the verified default covers it', result: r });
      }
      return current;
    }
    if (plan.kind === 'set-default') {
      ctx.log({ event: 'default-reasserted', policy: arn, version: plan.versionId });
      await ctx.iam.setDefault(arn, plan.versionId);
      continue;
    }
    // A version this run wrote that the listing does not show yet: read once more before writing another.
    const unseen = [...written].filter((id) => !waited.has(id) && !versions.some((v) => v.id === id));
    if (unseen.length > 0) {
      unseen.forEach((id) => waited.add(id));
      await ctx.pause?.(1000);
      continue;
    }
    try {
      await writeVersion(ctx, arn, owner, cache, versions, plan.statements, written);
    } catch (err) {
      // Another run created a version meanwhile: read again.
      if (errorName(err) !== 'LimitExceeded') {
        throw err;
      }
    }
  }
  throw new Error(`the switch policy ${arn} kept changing while this deployment verified it (${SETTLE_ROUNDS} rounds); what was written stays, `
    + 'and the sweep puts the highest version back; deploy again to verify');
}

function ownedStatements(versions: readonly VersionView[]): SwitchStatement[][] {
  return versions.flatMap((v) => (v.content.kind === 'owned' ? [[...v.content.statements]] : []));
}

function statementsOf(v: VersionView): readonly SwitchStatement[] {
  return v.content.kind === 'owned' ? v.content.statements : [];
}

// ---------------------------------------------------------------- apply

async function applySwitch(ctx: SwitchContext, run: ApplyRun<SwitchRequest>): Promise<Outcome> {
  const req = run.request;
  const owner = run.owner;
  const arn = policyArnOf(run.event.StackId, owner);
  const lower = run.grant.lower && req.allowEarlierCutoff;
  if (req.allowEarlierCutoff && !run.grant.lower) {
    ctx.log({ event: 'capability-missing', capability: 'lower', detail: 'AllowEarlierCutoff ignored: this stack did not deploy the switch with it' });
  }
  const own = {
    generation: run.generation,
    narrowing: req.narrowing,
    exempt: exemptPatterns(ctx.protectedArns, req.exclude),
    mark: deployTimeMark(req.cutoff),
    lower,
  };
  const cache: Cache = new Map();
  const written = new Set<string>();
  let versions = await readVersions(ctx, arn, owner, cache);
  let planned: { statements: SwitchStatement[]; cutoffMs: number } | undefined;
  let requestedMs: number;
  if (versions === undefined) {
    requestedMs = run.requestedCutoff(undefined);
    planned = planStatements(new Map(), { ...own, requestedMs });
    const text = checkedDocument(owner, planned.statements);
    if (await ctx.iam.createPolicy(switchPolicyName(owner), SWITCH_POLICY_PATH, text, DESCRIPTION) === 'created') {
      cache.set('v1', readSwitchDocument(text, owner));
      written.add('v1');
      ctx.log({ event: 'policy-created', policy: arn, cutoff: formatInstant(planned.cutoffMs) });
    } else {
      versions = await readVersions(ctx, arn, owner, cache);
      planned = undefined;
    }
  }
  let tampering: string | undefined;
  if (versions !== undefined) {
    const baseline = mergeVersions(versions);
    tampering = describeTampering(versions);
    requestedMs = run.requestedCutoff(markedCutoff(baseline, run.generation, own.mark));
    planned = planStatements(baseline, { ...own, requestedMs });
    const current = versions.find((v) => v.isDefault);
    if (!(current?.content.kind === 'owned' && sameStatements(current.content.statements, planned.statements))) {
      await writeVersion(ctx, arn, owner, cache, versions, planned.statements, written);
    }
  }
  if (tampering) {
    ctx.log({ event: 'tampered', policy: arn, detail: tampering });
  }
  const current = await settle(ctx, arn, owner, cache, planned!.statements, lower, written);
  const inForce = statementsOf(current);
  // A policy this run created has no history of attachments to report on.
  const report = await armAndRevoke(ctx, { owner, arn, request: req, inForce, lower, preexisting: !written.has('v1') });
  if (report === 'incomplete') {
    return { complete: false, carry: {} };
  }
  throwIfFallbackFailed(report);
  const ownCutoff = inForce.find((s) => s.generation === run.generation)?.cutoffMs ?? 0;
  return {
    complete: true,
    data: {
      PolicyArn: arn,
      PolicyName: switchPolicyName(owner),
      DefaultVersion: current.id,
      EffectiveCutoff: ownCutoff > 0 ? formatInstant(ownCutoff) : IDLE_REPORT,
      RequestedCutoff: req.idle ? IDLE_REPORT : formatInstant(requestedMs!),
      Tampering: tampering ?? 'none',
      ...reportData(report),
    },
  };
}

// ---------------------------------------------------------------- arming and the inline fallback

interface ArmInput {
  readonly owner: string;
  readonly arn: string;
  readonly request: SwitchRequest;
  /** The statements of the verified default. */
  readonly inForce: readonly SwitchStatement[];
  /** Lowering: inline revocations above what is now in force go too. */
  readonly lower: boolean;
  /**
   * The policy existed before this run: a selected role created before the policy and found
   * unarmed is reported as re-armed (it lost the attachment, or could not be armed before).
   */
  readonly preexisting: boolean;
}

export interface ArmReport {
  readonly selected: number;
  readonly armed: string[];
  readonly armedNow: string[];
  /** Found unarmed though they existed before the policy: the attachment was removed, or arming failed earlier. */
  readonly rearmed: string[];
  readonly notArmed: Array<{ readonly name: string; readonly reason: NotArmedReason; readonly detail: string }>;
  readonly revokedBySwitch: number;
  readonly revokedInline: string[];
  readonly failures: TargetFailure[];
}

/** Arms every selected role it may, verifies the attachments, and revokes inline the roles that could not be armed. */
export async function armAndRevoke(ctx: SwitchContext, a: ArmInput): Promise<ArmReport | 'incomplete'> {
  const roles = await ctx.iam.readRoles();
  const protectedNames = roleNameSet(ctx.protectedArns.map((arn) => arn.replace(/^.*:role\/(?:.*\/)?/, '')));
  const plans = roles.map((role) => ({ role, plan: planArming(role, a.request, a.arn, protectedNames) }));
  const notArmed: ArmReport['notArmed'] = missingExplicit(a.request, roles);
  const armed = plans.filter((p) => p.plan.kind === 'armed').map((p) => p.role.name);
  const toArm = plans.filter((p) => p.plan.kind === 'arm');
  const outcomes = await mapWithConcurrency(toArm, ctx.concurrency, async ({ role }) => {
    if (ctx.outOfTime()) {
      return 'deferred' as const;
    }
    try {
      await ctx.iam.attach(role.name, a.arn);
      return 'armed' as const;
    } catch (err) {
      const reason: NotArmedReason = errorName(err) === 'LimitExceeded' ? 'quota-full' : 'failed';
      ctx.log({ event: 'not-armed', role: role.name, reason, detail: reasonOf(err) });
      return { reason, detail: reasonOf(err) };
    }
  });
  if (outcomes.includes('deferred')) {
    return 'incomplete';
  }
  const armedNow = toArm.filter((_, i) => outcomes[i] === 'armed').map((p) => p.role.name);
  // Read only when there was something to arm: an incident deployment over armed roles makes no extra call.
  const policyCreatedMs = a.preexisting && armedNow.length > 0 ? await ctx.iam.policyCreated(a.arn) : undefined;
  armedNow.forEach((name) => ctx.log({ event: 'armed', role: name }));
  const unarmed = new Map<string, { reason: NotArmedReason; detail: string }>();
  for (const p of plans) {
    if (p.plan.kind === 'not-armed') {
      unarmed.set(p.role.name, { reason: p.plan.reason, detail: p.plan.detail });
    }
  }
  toArm.forEach((p, i) => {
    const o = outcomes[i];
    if (typeof o === 'object') {
      unarmed.set(p.role.name, o);
    }
  });
  // A fresh read of who carries the switch: a detach during the run (or before it) is found here.
  const lost = await verifyAttachments(ctx, a.arn, [...armed, ...armedNow]);
  lost.forEach((name) => unarmed.set(name, { reason: 'failed', detail: 'its attachment was removed during the deployment, twice' }));
  const carrying = new Set([...armed, ...armedNow].filter((n) => !lost.includes(n)).map((n) => n.toLowerCase()));
  for (const [name, why] of unarmed) {
    notArmed.push({ name, ...why });
  }

  const inline = await reconcileInline(ctx, a.owner, roles.map((role, i) => {
    const plan = plans[i].plan;
    const revocable = !carrying.has(role.name.toLowerCase()) && isRevocableInline(plan, unarmed.get(role.name)?.reason);
    return { role, desiredMs: revocable ? cutoffFor(role, a.inForce) : 0, carrying: carrying.has(role.name.toLowerCase()) };
  }), a.lower);
  const byName = new Map(roles.map((r) => [r.name.toLowerCase(), r]));
  const revokedBySwitch = [...carrying].filter((n) => cutoffFor(byName.get(n)!, a.inForce) > 0).length;
  const createdBefore = (name: string) => (byName.get(name.toLowerCase())?.createdMs ?? Infinity) < (policyCreatedMs ?? -Infinity);
  const rearmed = armedNow.filter(createdBefore);
  return {
    selected: plans.filter((p) => p.plan.kind !== 'unselected' && p.plan.kind !== 'excluded').length
      + notArmed.filter((n) => n.reason === 'missing').length,
    armed: armed.filter((n) => !lost.includes(n)),
    armedNow: armedNow.filter((n) => !lost.includes(n)),
    rearmed,
    notArmed,
    revokedBySwitch,
    revokedInline: inline.revoked,
    failures: inline.failures,
  };
}

/** Quota full, or a failed attach: the inline path reaches them. Service-linked, Identity Center and protected roles it may not. */
function isRevocableInline(plan: ArmingPlan, reason: NotArmedReason | undefined): boolean {
  return plan.kind !== 'unselected' && plan.kind !== 'excluded' && (reason === 'quota-full' || reason === 'failed');
}

function missingExplicit(request: SwitchRequest, roles: readonly RoleView[]): ArmReport['notArmed'] {
  if (request.arming.kind !== 'explicit') {
    return [];
  }
  const names = new Set(roles.map((r) => r.name.toLowerCase()));
  return request.arming.roles.filter((r) => !names.has(r.name.toLowerCase()))
    .map((r) => ({ name: r.name, reason: 'missing' as const, detail: 'the role does not exist (NoSuchEntity); check the ARN' }));
}

/** Roles expected to carry the switch that a fresh listing does not show: attached once more, then counted lost. */
async function verifyAttachments(ctx: SwitchContext, arn: string, expected: readonly string[]): Promise<string[]> {
  if (expected.length === 0) {
    return [];
  }
  const listed = async () => new Set((await ctx.iam.attachedRoles(arn)).map((n) => n.toLowerCase()));
  let live = await listed();
  const missing = expected.filter((n) => !live.has(n.toLowerCase()));
  if (missing.length === 0) {
    return [];
  }
  ctx.log({ event: 'reattached-after-detach', roles: missing });
  await mapWithConcurrency(missing, ctx.concurrency, (n) => ctx.iam.attach(n, arn).catch(() => undefined));
  live = await listed();
  return missing.filter((n) => !live.has(n.toLowerCase()));
}

/**
 * Each role's owned inline revocations brought to `desiredMs`: a new policy where it holds less,
 * verified, then the lower ones deleted. With `authoritative` (a lowering, or a gated removal)
 * what exceeds the desired cutoff goes too, and a role that carries the switch keeps none.
 */
async function reconcileInline(ctx: SwitchContext, owner: string, targets: ReadonlyArray<{ role: RoleView; desiredMs: number; carrying: boolean }>,
  authoritative: boolean): Promise<{ revoked: string[]; failures: TargetFailure[] }> {
  const work = targets.filter((t) => t.desiredMs > 0 || (authoritative && ownedFallbacks(t.role, owner).size > 0));
  const outcomes = await mapWithConcurrency(work, ctx.concurrency, async (t) => {
    try {
      if (t.desiredMs <= 0) {
        for (const name of [...ownedFallbacks(t.role, owner).keys()].sort()) {
          await ctx.iam.deleteRolePolicy(t.role.name, name);
        }
        ctx.log({ event: 'inline-removed', role: t.role.name, reason: t.carrying ? 'the role carries the switch' : 'nothing in force applies to it' });
        return 'cleared' as const;
      }
      const plan = planFallback(t.role, owner, t.desiredMs, authoritative);
      if (plan.put) {
        await ctx.iam.putRolePolicy(t.role.name, plan.put.policyName, plan.put.document);
      }
      const read = await ctx.iam.getRolePolicy(t.role.name, plan.holder);
      const parsed = read === undefined ? undefined : readRevocationDocument(read);
      if (parsed?.kind !== 'revocation' || (latestCutoff(parsed.statements) ?? -Infinity) < t.desiredMs) {
        throw new Error(`its inline revocation ${plan.holder} was not in place when read back; deploy again`);
      }
      for (const name of plan.superseded) {
        await ctx.iam.deleteRolePolicy(t.role.name, name);
      }
      ctx.log({ event: 'revoked-inline', role: t.role.name, cutoff: formatInstant(t.desiredMs), policy: plan.holder });
      return 'revoked' as const;
    } catch (err) {
      ctx.log({ event: 'inline-failed', role: t.role.name, reason: reasonOf(err) });
      return { name: t.role.name, reason: reasonOf(err) };
    }
  });
  return {
    revoked: work.filter((_, i) => outcomes[i] === 'revoked').map((t) => t.role.name),
    failures: outcomes.filter((o): o is TargetFailure => typeof o === 'object'),
  };
}

function throwIfFallbackFailed(report: ArmReport): void {
  const message = failureMessage('revoke inline', 'roles the switch could not arm', report.revokedInline.length + report.failures.length, report.failures);
  if (message !== undefined) {
    const err = new Error(`${message}; the switch's version and every armed role stay, and a rollback keeps them too`);
    err.stack = `Error: ${err.message}`;
    throw err;
  }
}

function reportData(r: ArmReport): Record<string, string> {
  const reasons = new Map<string, number>();
  r.notArmed.forEach((n) => reasons.set(n.reason, (reasons.get(n.reason) ?? 0) + 1));
  return {
    RolesSelected: String(r.selected),
    RolesArmed: String(r.armed.length + r.armedNow.length),
    RolesArmedNow: String(r.armedNow.length),
    RolesReArmed: String(r.rearmed.length),
    RolesNotArmed: String(r.notArmed.length),
    NotArmedReasons: [...reasons].sort(([x], [y]) => x.localeCompare(y)).map(([k, n]) => `${k}=${n}`).join(', ') || 'none',
    NotArmedNames: firstNames(r.notArmed.map((n) => `${n.name} (${n.reason})`), MAX_NAMES_BYTES),
    RolesRevokedBySwitch: String(r.revokedBySwitch),
    RolesRevokedInline: String(r.revokedInline.length),
    RolesRevoked: String(r.revokedBySwitch + r.revokedInline.length),
  };
}

// ---------------------------------------------------------------- removal (only through the gate)

async function removeSwitch(ctx: SwitchContext, run: RemovalRun<SwitchRequest>): Promise<Outcome> {
  const owner = run.owner;
  const arn = policyArnOf(run.event.StackId, owner);
  const cache: Cache = new Map();
  if (run.scope.kind === 'generation') {
    const versions = await readVersions(ctx, arn, owner, cache);
    const next = versions && planGenerationRemoval(mergeVersions(versions), run.generation, run.scope.live);
    if (!versions || !next) {
      ctx.log({ event: 'generation-kept', policy: arn, generation: run.generation, detail: 'nothing of it alone is in force' });
      return { complete: true, data: {} };
    }
    const written = new Set<string>();
    await writeVersion(ctx, arn, owner, cache, versions, next, written);
    const current = await settle(ctx, arn, owner, cache, next, true, written);
    const roles = await ctx.iam.readRoles();
    const carrying = new Set((await ctx.iam.attachedRoles(arn)).map((n) => n.toLowerCase()));
    const inline = await reconcileInline(ctx, owner, roles.map((role) => {
      const isCarrying = carrying.has(role.name.toLowerCase());
      const held = Math.max(0, ...ownedFallbacks(role, owner).values());
      // Only what the removed generation alone put there goes: the role keeps what is still in force for it.
      return { role, desiredMs: isCarrying ? 0 : Math.min(held, cutoffFor(role, statementsOf(current))), carrying: isCarrying };
    }), true);
    ctx.log({ event: 'generation-removed', policy: arn, generation: run.generation, inlineFailures: inline.failures.length });
    return { complete: true, data: {} };
  }
  // The construct itself goes: everything it ever wrote, any generation.
  for (const name of await ctx.iam.attachedRoles(arn)) {
    if (ctx.outOfTime()) {
      return { complete: false, carry: {} };
    }
    await ctx.iam.detach(name, arn);
    ctx.log({ event: 'detached', role: name });
  }
  const roles = await ctx.iam.readRoles();
  for (const role of roles) {
    for (const name of ownedFallbacks(role, owner).keys()) {
      await ctx.iam.deleteRolePolicy(role.name, name);
      ctx.log({ event: 'inline-removed', role: role.name, policy: name });
    }
  }
  for (const v of (await ctx.iam.listVersions(arn)) ?? []) {
    if (!v.isDefault) {
      await ctx.iam.deleteVersion(arn, v.id);
    }
  }
  const result = await ctx.iam.deletePolicy(arn);
  ctx.log({ event: 'policy-deleted', policy: arn, result });
  return { complete: true, data: {} };
}

// ---------------------------------------------------------------- the sweep and the CreateRole rule

/** What a sweep found and did. */
export interface SweepReport extends Partial<ArmReport> {
  readonly policy: string;
  readonly tampering?: string;
  readonly defaultVersion?: string;
}

/**
 * The scheduled sweep: puts the version that dominates every other back as the default (a default
 * someone else set or wrote is reported), re-arms roles that lost the attachment or were missed,
 * and revokes inline what cannot be armed. It writes no cutoff of its own: only what is in force.
 */
export async function sweepSwitch(ctx: SwitchContext, owner: string, arn: string, request: SwitchRequest): Promise<SweepReport> {
  const cache: Cache = new Map();
  const versions = await readVersions(ctx, arn, owner, cache);
  if (versions === undefined) {
    ctx.log({ event: 'sweep', policy: arn, detail: 'the policy does not exist yet; nothing to sweep' });
    return { policy: arn };
  }
  const tampering = describeTampering(versions);
  if (tampering) {
    ctx.log({ event: 'tampered', policy: arn, detail: tampering });
  }
  const current = await settle(ctx, arn, owner, cache, [...mergeVersions(versions).values()], false);
  const report = await armAndRevoke(ctx, { owner, arn, request, inForce: statementsOf(current), lower: false, preexisting: true });
  if (report === 'incomplete') {
    ctx.log({ event: 'sweep-incomplete', policy: arn, detail: 'out of time; the next sweep goes on' });
    return { policy: arn, tampering, defaultVersion: current.id };
  }
  report.rearmed.forEach((name) => ctx.log({ event: 'rearmed', role: name, detail: 'it existed before the switch but did not carry it: detached, or not armable before' }));
  ctx.log({ event: 'sweep', policy: arn, defaultVersion: current.id, tampering: tampering ?? 'none', ...reportData(report), failures: report.failures.length });
  return { policy: arn, tampering, defaultVersion: current.id, ...report };
}

/** A `CreateRole` event: arms the new role if the switch selects it. Fast path only; the sweep is the sure one. */
export async function armCreatedRole(ctx: SwitchContext, arn: string, request: SwitchRequest, roleName: string): Promise<string> {
  let role: RoleView | undefined;
  try {
    role = await ctx.iam.getRole(roleName);
  } catch (err) {
    // A tagged selection's grant reads only tagged roles: an untagged new role is not the switch's.
    ctx.log({ event: 'create-role', role: roleName, result: 'unreadable', detail: reasonOf(err) });
    return 'unreadable';
  }
  if (!role) {
    ctx.log({ event: 'create-role', role: roleName, result: 'gone' });
    return 'gone';
  }
  const protectedNames = roleNameSet(ctx.protectedArns.map((a) => a.replace(/^.*:role\/(?:.*\/)?/, '')));
  const plan = planArming(role, request, arn, protectedNames);
  if (plan.kind !== 'arm') {
    ctx.log({ event: 'create-role', role: roleName, result: plan.kind, ...(plan.kind === 'not-armed' ? { reason: plan.reason } : {}) });
    return plan.kind;
  }
  try {
    await ctx.iam.attach(role.name, arn);
  } catch (err) {
    ctx.log({ event: 'create-role', role: roleName, result: 'not-armed', detail: reasonOf(err) });
    return 'not-armed';
  }
  ctx.log({ event: 'create-role', role: roleName, result: 'armed' });
  return 'armed';
}
