/**
 * One run of a custom resource: read -> plan -> write -> verify, then removals. Routing by event
 * type and phase lives in the `.lambda.ts` entry point.
 */
import { IamIo, Settled } from './io';
import { planRemoval, planRevocation, PlanInput, RolePlan, RoleState, ownedPolicyName, roleCutoff } from './plan';
import { DEFAULT_POLICY_NAME, readPreviousTargets, RevocationRequest, TargetRole } from './properties';
import { PER_ROLE_READ_MAX, readAccount, readRole, LONGEST_ROLE_SESSION_SECONDS } from './read';
import { findLost } from './verify';
import { deletePolicies, putPolicies } from './write';
import { InputError, TargetFailure, throwIfFailed } from '../core/failure-report';
import { formatInstant } from '../core/instant';
import { lockoutReason, LockoutOptions, SkipCategory } from '../core/lockout';
import { Capabilities, isOwnedBy } from '../core/ratchet';
import { mapWithConcurrency } from '../core/retry';
import { isExcluded, matchesListing, matchesTags } from '../role-selection/selection-match';

export const NOT_STARTED = 'not started before the function ran out of time; deploy again to finish (roles already done stay done)';
export { MAX_REASON_BYTES } from '../core/failure-report';
/** Names listed in a dry run's data: the response must stay under 4 KB with the other keys. */
const MAX_NAMES_BYTES = 1500;

/** Everything a run needs besides the request. */
export interface RunContext {
  readonly io: IamIo;
  readonly log: (entry: Record<string, unknown>) => void;
  readonly protectedRoles: ReadonlySet<string>;
  readonly capabilities: Capabilities;
  /** Where the function runs, from its ARN; a role elsewhere is refused. */
  readonly account?: string;
  readonly partition?: string;
  readonly owner: string;
  readonly ownerSid: string;
  /** Writes nothing; reports what a real run would write. */
  readonly dryRun: boolean;
}

export type RunResult = { readonly complete: false } | { readonly complete: true; readonly data: Record<string, string> };

type Revoke = Extract<RolePlan, { kind: 'revoke' }>;
type Outcome = Settled<Revoke | 'deferred'>;

/** Whether a request reads the whole account in pages rather than role by role. */
export function isBatched(request: { roles: readonly unknown[]; selection?: unknown }): boolean {
  return request.selection !== undefined || request.roles.length > PER_ROLE_READ_MAX;
}

/** Revokes every target; complete unless roles were left for a continuation (`mayContinue`). */
export async function revokeAll(ctx: RunContext, request: RevocationRequest, requestedMs: number, oldProps: unknown,
  mayContinue: boolean): Promise<RunResult> {
  const { io, log } = ctx;
  const batched = isBatched(request);
  const snapshot = batched ? await readAccount(io, true) : undefined;
  const targets = selectTargets(ctx, request, snapshot);
  if (targets.roles.length === 0) {
    throw new InputError(`the ${request.selection?.kind} selection matched no role that may be revoked `
      + `(${targets.matched} matched, skipped: ${describeSkipped(targets.skipped)}); check the selection`);
  }
  const lower = request.allowEarlierCutoff && ctx.capabilities.lower;
  if (request.allowEarlierCutoff && !lower) {
    log({ event: 'capability-missing', capability: 'lower', detail: 'AllowEarlierCutoff ignored: this function may not lower a cutoff' });
  }
  const input: PlanInput = { owner: ctx.owner, ownerSid: ctx.ownerSid, policyName: request.policyName, requestedMs, lower };
  const outcomes: Outcome[] = await mapWithConcurrency(targets.roles, io.concurrency, (t) => io.settle(t.name, async () => {
    if (io.outOfTime()) {
      return 'deferred' as const;
    }
    const state = await t.resolve();
    const plan = planRevocation(state, input);
    if (plan.kind === 'refuse') {
      throw new InputError(plan.reason);
    }
    if (!ctx.dryRun) {
      await putPolicies(io, state.name, plan.writes);
      log(plan.writes.length > 0
        ? { event: 'role-revoked', role: state.name, cutoff: formatInstant(plan.cutoffMs), policies: plan.writes.map((w) => w.policyName) }
        : { event: 'role-unchanged', role: state.name, cutoff: formatInstant(plan.cutoffMs) });
    }
    return plan;
  }));
  if (outcomes.some((o) => o.ok && o.value === 'deferred') && mayContinue) {
    return { complete: false };
  }
  const failures = outcomes.map((o, i) => (o.ok
    ? (o.value === 'deferred' ? { name: targets.roles[i].name, reason: NOT_STARTED } : undefined)
    : { name: targets.roles[i].name, reason: o.reason })).filter((f): f is Failure => f !== undefined);
  const plans = outcomes.flatMap((o) => (o.ok && o.value !== 'deferred' ? [o.value] : []));

  if (ctx.dryRun) {
    return { complete: true, data: dryRunData(ctx, request.policyName, plans, failures, targets, requestedMs) };
  }
  failures.push(...await verify(ctx, plans, batched));
  const removalWarnings = request.destroy ? await removeDropped(ctx, request, plans, failures, snapshot, oldProps) : 0;
  throwIfFailed('revoke', 'roles', outcomes.length, failures);

  const legacy = plans.filter((p) => p.legacyStatement).length;
  if (legacy > 0) {
    log({ event: 'legacy-statement-kept', roles: legacy, detail: 'statements an earlier release wrote into a shared document stay; they never lower a cutoff' });
  }
  return {
    complete: true,
    data: {
      ...runData(plans, requestedMs),
      OwnedPolicyName: ownedPolicyName(request.policyName, ctx.owner),
      RolesWritten: String(plans.filter((p) => p.writes.length > 0).length),
      RolesMatched: String(targets.matched),
      RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
      SkippedReasons: describeSkipped(targets.skipped),
      RemovalWarnings: String(removalWarnings),
      LegacyOwnSidsKept: String(legacy),
    },
  };
}

/**
 * Deletes every policy this resource owns on its roles (Delete with `DESTROY`). Incomplete when
 * time runs out and `mayContinue`; a continuation finds what is left by reading again.
 */
export async function removeAll(ctx: RunContext, props: unknown, mayContinue: boolean): Promise<{ complete: boolean }> {
  const previous = readPreviousTargets(props);
  const { io } = ctx;
  let states: Array<{ name: string; state?: RoleState }>;
  if (isBatched(previous)) {
    // Whatever the selection matched then, the roles carrying this resource's policies are the ones to clean.
    states = (await readAccount(io, false)).filter((r) => planRemoval(r, ctx.owner).length > 0).map((r) => ({ name: r.name, state: r }));
  } else {
    states = previous.roles.map((r) => ({ name: r.name }));
  }
  const outcomes = await mapWithConcurrency(states, io.concurrency, (s) => io.settle(s.name, async () => {
    if (io.outOfTime()) {
      return 'deferred' as const;
    }
    const state = s.state ?? await readRole(io, s.name, (n) => isOwnedBy(n, ctx.owner));
    const names = state ? planRemoval(state, ctx.owner) : [];
    await deletePolicies(io, s.name, names);
    ctx.log({ event: 'role-removed', role: s.name, policies: names });
    return 'done' as const;
  }));
  if (outcomes.some((o) => o.ok && o.value === 'deferred') && mayContinue) {
    return { complete: false };
  }
  throwIfFailed('remove the revocation from', 'roles', outcomes.length, outcomes.map((o, i) => (o.ok
    ? (o.value === 'deferred' ? { name: states[i].name, reason: NOT_STARTED } : undefined)
    : { name: states[i].name, reason: o.reason })).filter((f): f is Failure => f !== undefined));
  return { complete: true };
}

type Failure = TargetFailure;

interface Target {
  readonly name: string;
  /** The role as read, checked. */
  readonly resolve: () => Promise<RoleState>;
}

interface Targets {
  readonly roles: Target[];
  readonly matched: number;
  readonly skipped: Partial<Record<SkipCategory, number>>;
}

function selectTargets(ctx: RunContext, request: RevocationRequest, snapshot: RoleState[] | undefined): Targets {
  const spec = request.selection;
  if (!spec) {
    const byName = snapshot && new Map(snapshot.map((r) => [r.name.toLowerCase(), r]));
    // Owned policies, and the shared documents where an earlier release wrote this resource's statement.
    const wanted = (name: string) => isOwnedBy(name, ctx.owner) || name === request.policyName || name === DEFAULT_POLICY_NAME;
    // Each explicit role is checked when its turn comes, so a failing check fails only that role.
    const roles = request.roles.map((t): Target => ({
      name: t.name,
      resolve: async () => {
        checkArn(ctx, t);
        return checkExplicit(ctx, t, byName ? byName.get(t.name.toLowerCase()) : await readRole(ctx.io, t.name, wanted),
          { allowOrganizationAccess: request.allowOrganizationAccessRoles });
      },
    }));
    return { roles, matched: request.roles.length, skipped: {} };
  }
  const matched = snapshot!.filter((r) => matchesListing(spec, r.name, r.path) && (spec.kind !== 'tagged' || matchesTags(spec, r.tags)));
  const skipped: Partial<Record<SkipCategory, number>> = {};
  const roles = matched.filter((r) => {
    const category = lockoutReason(r.name, r.path, ctx.protectedRoles)?.category
      ?? (isExcluded(r.name, r.path, spec.exclude) ? 'excluded' : undefined);
    if (category) {
      skipped[category] = (skipped[category] ?? 0) + 1;
    }
    return category === undefined;
  });
  ctx.log({ event: 'selection', kind: spec.kind, matched: matched.length, selected: roles.length, skipped });
  return { roles: roles.map((r) => ({ name: r.name, resolve: async () => r })), matched: matched.length, skipped };
}

/** An explicit ARN must name a role where the function runs: checked before any call. */
function checkArn(ctx: RunContext, target: TargetRole): void {
  if (ctx.partition && target.partition !== ctx.partition) {
    throw new InputError(`its ARN is in partition ${target.partition}, but this function runs in ${ctx.partition}; use an ARN of this partition`);
  }
  if (ctx.account && target.account !== ctx.account) {
    throw new InputError(`it is in account ${target.account}, but this function runs in ${ctx.account}; revoke it from a stack deployed to that account`);
  }
}

/** An explicit role as IAM holds it: it exists, its path matches the ARN's, and it is not locked out. */
function checkExplicit(ctx: RunContext, target: TargetRole, state: RoleState | undefined, options: LockoutOptions): RoleState {
  if (!state) {
    throw new InputError('the role does not exist (NoSuchEntity); check the ARN, or remove the role from the list');
  }
  if (target.path !== '/' && target.path !== state.path) {
    throw new InputError(`its ARN has path ${target.path}, but IAM has the role at path ${state.path}; correct the ARN`);
  }
  const refused = lockoutReason(state.name, state.path, ctx.protectedRoles, options);
  if (refused) {
    throw new InputError(refused.reason);
  }
  return state;
}

/** Rewrites, once, each owned policy someone deleted since the write; a second loss is that role's failure. */
async function verify(ctx: RunContext, plans: Revoke[], batched: boolean): Promise<Failure[]> {
  const written = plans.filter((p) => p.writes.length > 0);
  const nameOf = (p: Revoke) => p.writes[0].policyName;
  const lost = await findLost(ctx.io, written, nameOf, batched);
  if (lost.length === 0) {
    return [];
  }
  ctx.log({ event: 'rewritten-after-concurrent-delete', roles: lost.map((p) => p.role.name) });
  const again = await mapWithConcurrency(lost, ctx.io.concurrency,
    (p) => ctx.io.settle(p.role.name, () => putPolicies(ctx.io, p.role.name, p.writes)));
  return again.flatMap((o, i) => (o.ok ? [] : [{ name: lost[i].role.name, reason: o.reason }]));
}

/**
 * On Update with `DESTROY`, deletes the owned policies of roles the resource no longer targets and
 * those under a policy name it no longer uses. Problems are reported (log and data), never thrown:
 * failing here would roll back and could undo the revocations this update just made.
 */
async function removeDropped(ctx: RunContext, request: RevocationRequest, plans: Revoke[], failures: Failure[],
  snapshot: RoleState[] | undefined, oldProps: unknown): Promise<number> {
  if (!ctx.capabilities.remove) {
    ctx.log({ event: 'capability-missing', capability: 'remove', detail: 'RemovalPolicy destroy ignored: this function may not delete a revocation' });
    return 0;
  }
  const keep = ownedPolicyName(request.policyName, ctx.owner);
  const failed = new Set(failures.map((f) => f.name.toLowerCase()));
  const targeted = new Map(plans.map((p) => [p.role.name.toLowerCase(), p]));
  try {
    const previous = readPreviousTargets(oldProps);
    let candidates: Array<{ name: string; state?: RoleState }>;
    if (snapshot) {
      candidates = snapshot.map((r) => ({ name: r.name, state: r }));
    } else if (isBatched(previous)) {
      candidates = (await readAccount(ctx.io, false)).map((r) => ({ name: r.name, state: r }));
    } else {
      candidates = [...plans.map((p) => ({ name: p.role.name, state: p.role })), ...previous.roles
        .filter((r) => !targeted.has(r.name.toLowerCase()) && !failed.has(r.name.toLowerCase())).map((r) => ({ name: r.name }))];
    }
    // A role whose revocation failed now keeps every policy it has.
    candidates = candidates.filter((c) => !failed.has(c.name.toLowerCase()));
    const outcomes = await mapWithConcurrency(candidates, ctx.io.concurrency, (c) => ctx.io.settle(c.name, async () => {
      const state = c.state ?? await readRole(ctx.io, c.name, (n) => isOwnedBy(n, ctx.owner));
      const names = state ? planRemoval(state, ctx.owner, targeted.has(c.name.toLowerCase()) ? keep : undefined) : [];
      if (names.length > 0) {
        await deletePolicies(ctx.io, c.name, names);
        ctx.log({ event: 'role-removed', role: c.name, policies: names });
      }
    }));
    return outcomes.filter((o) => !o.ok).length;
  } catch (err) {
    ctx.log({ event: 'removal-failed', reason: String((err as Error)?.message ?? err) });
    return 1;
  }
}

function runData(plans: Revoke[], requestedMs: number): Record<string, string> {
  const applied = plans.map((p) => roleCutoff(p.role, p.writes) ?? p.cutoffMs);
  const moot = plans.map((p, i) => applied[i] + (p.role.maxSessionSeconds ?? LONGEST_ROLE_SESSION_SECONDS) * 1000);
  return {
    EffectiveCutoff: formatInstant(Math.min(...applied)),
    RequestedCutoff: formatInstant(requestedMs),
    MootAfter: formatInstant(Math.max(...moot)),
    RolesRevoked: String(plans.length),
  };
}

/** A dry run: the same plan, nothing written; counts and the first names in the data, every name in the log. */
function dryRunData(ctx: RunContext, policyName: string, plans: Revoke[], failures: Failure[], targets: Targets,
  requestedMs: number): Record<string, string> {
  const toWrite = plans.filter((p) => p.writes.length > 0).map((p) => p.role.name);
  for (let i = 0; i < Math.max(toWrite.length, 1); i += 500) {
    ctx.log({ event: 'dry-run-plan', cutoff: formatInstant(requestedMs), rolesToWrite: toWrite.slice(i, i + 500) });
  }
  failures.forEach((f) => ctx.log({ event: 'dry-run-would-fail', role: f.name, reason: f.reason }));
  const none = 'none (dry run: nothing was revoked)';
  return {
    DryRun: 'true',
    OwnedPolicyName: ownedPolicyName(policyName, ctx.owner),
    EffectiveCutoff: none,
    MootAfter: none,
    RequestedCutoff: formatInstant(requestedMs),
    PlannedCutoff: plans.length > 0 ? formatInstant(Math.min(...plans.map((p) => p.cutoffMs))) : none,
    RolesRevoked: '0',
    RolesWritten: '0',
    RolesToRevoke: String(plans.length),
    RolesToWrite: String(toWrite.length),
    RolesToWriteNames: firstNames(toWrite),
    RolesFailing: String(failures.length),
    RolesFailingNames: firstNames(failures.map((f) => f.name)),
    RolesMatched: String(targets.matched),
    RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
    SkippedReasons: describeSkipped(targets.skipped),
  };
}

/** Comma-separated names that fit the response, with how many more the log lists. */
export function firstNames(names: readonly string[]): string {
  let out = '';
  for (const [i, name] of names.entries()) {
    const next = out ? `${out}, ${name}` : name;
    if (Buffer.byteLength(next) > MAX_NAMES_BYTES) {
      return `${out} … and ${names.length - i} more (see the function's log)`;
    }
    out = next;
  }
  return out || 'none';
}

export function describeSkipped(skipped: Partial<Record<SkipCategory, number>>): string {
  const parts = Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
