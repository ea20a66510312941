/**
 * The per-role writer of `RevokeOlderSessions` on the revocation engine (`src/core/engine`): read
 * (batched for selections and long lists) → plan (pure, `plan.ts`) → write (one `PutRolePolicy`
 * per role whose owned policy changes) → read again → delete only what the policy now in place
 * supersedes. An Update never removes anything; removal runs only in `remove`, which the engine
 * reaches only once CloudFormation confirms the stack is deleting the resource or a replaced
 * generation of it.
 */
import { IamIo } from './io';
import {
  markedCutoff, markedSid, ownedPolicies, ownedPolicyName, parseOwnedName, planRemoval, planRevocation, planSupersede, PlanInput,
  RolePlan, roleCutoff, RoleState,
} from './plan';
import { DEFAULT_POLICY_NAME, Prop, RevocationRequest, readRequest, sparedOf, TARGET_KEYS, TargetRole } from './properties';
import { LONGEST_ROLE_SESSION_SECONDS, PER_ROLE_READ_MAX, readAccount, readPolicy, readRole } from './read';
import { readAgain } from './verify';
import { deletePolicies, putPolicies } from './write';
import { deployTimeMark } from '../core/engine/cutoff';
import { generationOf } from '../core/engine/generation';
import { ApplyRun, Outcome, RemovalRun, Writer } from '../core/engine/handler';
import { firstNames } from '../core/engine/response';
import { InputError, TargetFailure, throwIfFailed } from '../core/failure-report';
import { formatInstant } from '../core/instant';
import { lockoutReason, LockoutOptions, SkipCategory } from '../core/lockout';
import { errorName, mapWithConcurrency } from '../core/retry';
import { latestCutoff, readRevocationDocument } from '../core/revocation-document';
import { isExcluded, matchesListing, matchesTags } from '../role-selection/selection-match';

export const NOT_STARTED = 'not started before the function ran out of time; deploy again to finish (roles already done stay done)';
/** What every failure message says a rollback does with the roles already revoked. */
export const ROLLBACK_KEEPS = 'a rollback keeps them too';
/** Names listed in a dry run's data: the response must stay under 4 KB with the other keys. */
const MAX_NAMES_BYTES = 1500;
const DEFERRED = 'deferred' as const;

/** Everything a run needs besides the request. */
export interface IamWriterContext {
  readonly io: IamIo;
  readonly log: (entry: Record<string, unknown>) => void;
  /** Names of the roles this library must never revoke: its providers' and the stack's deploy roles. */
  readonly protectedRoles: ReadonlySet<string>;
  /** Where the function runs, from its ARN; a role elsewhere is refused. */
  readonly account?: string;
  readonly partition?: string;
  /** Whether a run that runs out of time may hand over to the next invocation (`start`, `continue`). */
  readonly mayContinue: boolean;
}

/** `RevokeOlderSessions` as a `Writer` of the engine. */
export function iamWriter(ctx: IamWriterContext): Writer<RevocationRequest> {
  return {
    construct: 'RevokeOlderSessions',
    targetKeys: TARGET_KEYS,
    readRequest,
    cutoffOf: (r) => r.cutoff,
    spared: (r) => sparedOf(r.selection?.exclude, r.allowOrganizationAccessRoles),
    apply: (run) => apply(ctx, run),
    remove: (run) => remove(ctx, run),
  };
}

/** Whether a request reads the whole account in pages rather than role by role. */
export function isBatched(request: { roles: readonly unknown[]; selection?: unknown }): boolean {
  return request.selection !== undefined || request.roles.length > PER_ROLE_READ_MAX;
}

type Revoke = Extract<RolePlan, { kind: 'revoke' }>;

/** One targeted role through a run. */
interface RoleRun {
  readonly name: string;
  state?: RoleState;
  plan?: Revoke;
  written?: boolean;
  failure?: string;
  deferred?: boolean;
}

async function apply(ctx: IamWriterContext, run: ApplyRun<RevocationRequest>): Promise<Outcome> {
  const { io, log } = ctx;
  const request = run.request;
  // A cutoff the grant refuses is refused before any call (a deploy-time one is decided after the read).
  run.requestedCutoff();
  const batched = isBatched(request);
  const wanted = (name: string) => parseOwnedName(name, run.owner) !== undefined || name === request.policyName || name === DEFAULT_POLICY_NAME;
  const snapshot = batched ? await readAccount(io, wanted, true) : undefined;
  const targets = selectTargets(ctx, request, snapshot, wanted);
  if (targets.roles.length === 0) {
    throw new InputError(`the ${request.selection?.kind} selection matched no role that may be revoked `
      + `(${targets.matched} matched, skipped: ${describeSkipped(targets.skipped)}); check the selection`);
  }

  // Every target is read before the cutoff is decided: a deploy-time cutoff is the one its generation already wrote, on any role.
  const roles: RoleRun[] = targets.roles.map((t) => ({ name: t.name }));
  await mapWithConcurrency(targets.roles.map((t, i) => ({ t, r: roles[i] })), io.concurrency, async ({ t, r }) => {
    const read = await io.settle(t.name, async () => (!batched && io.outOfTime() ? DEFERRED : t.resolve()));
    if (!read.ok) {
      r.failure = read.reason;
    } else if (read.value === DEFERRED) {
      r.deferred = true;
    } else {
      r.state = read.value;
    }
  });
  const read = roles.flatMap((r) => (r.state ? [r.state] : []));
  const sid = markedSid(run.ownerId, deployTimeMark(request.cutoff));
  const requestedMs = run.requestedCutoff(request.cutoff.mode === 'deploy-time' ? markedCutoff(snapshot ?? read, run.owner, sid) : undefined);
  const lower = run.grant.lower && request.allowEarlierCutoff;
  if (request.allowEarlierCutoff && !lower) {
    log({ event: 'capability-missing', capability: 'lower', detail: 'AllowEarlierCutoff ignored: this resource was not deployed with allowEarlierCutoff' });
  }
  // A dry run is its own generation, but plans what the real one would write.
  const generation = request.dryRun
    ? generationOf({ ...(run.event.ResourceProperties as Record<string, unknown>), [Prop.dryRun]: undefined }, TARGET_KEYS) : run.generation;
  const input: PlanInput = { owner: run.owner, ownerSid: run.ownerId, sid, policyName: request.policyName, generation, requestedMs, lower };
  const supersede = { owner: run.owner, generation: run.generation, foldOtherGenerations: !run.grant.remove };

  await mapWithConcurrency(roles.filter((r) => r.state), io.concurrency, async (r) => {
    const plan = planRevocation(r.state!, input);
    if (plan.kind === 'refuse') {
      r.failure = plan.reason;
      log({ event: 'role-failed', role: r.name, reason: plan.reason });
      return;
    }
    r.plan = plan;
    if (request.dryRun || !plan.write) {
      return;
    }
    if (io.outOfTime()) {
      r.deferred = true;
      return;
    }
    const put = await io.settle(r.name, () => putRoomily(io, plan, supersede, log));
    if (put.ok) {
      r.written = true;
      log({ event: 'role-revoked', role: r.name, cutoff: formatInstant(plan.cutoffMs), policy: plan.target });
    } else {
      r.failure = put.reason;
    }
  });
  const writtenBefore = Math.min(Math.max(0, Number(run.carried?.RolesWritten) || 0), 100_000);
  const writtenNow = roles.filter((r) => r.written).length;
  if (roles.some((r) => r.deferred) && ctx.mayContinue) {
    return { complete: false, carry: { RolesWritten: String(writtenBefore + writtenNow) } };
  }
  const failures: TargetFailure[] = roles.flatMap((r) => (r.failure !== undefined ? [{ name: r.name, reason: r.failure }]
    : r.deferred ? [{ name: r.name, reason: NOT_STARTED }] : []));
  const plans = roles.flatMap((r) => (r.plan && !r.failure && !r.deferred ? [r] : []));
  if (request.dryRun) {
    return { complete: true, data: dryRunData(ctx, run, input, plans.map((r) => r.plan!), failures, targets) };
  }

  // A fresh read: only a policy it shows in place may supersede another.
  const targetOf = new Map(plans.map((r) => [r.state!, r.plan!.target]));
  const fresh = await readAgain(io, plans.filter((r) => batched || r.written).map((r) => r.state!), batched, wanted,
    (role) => [...role.policies.keys()].filter((n) => parseOwnedName(n, run.owner)).concat(targetOf.get(role)!));
  let superseded = 0;
  await mapWithConcurrency(plans, io.concurrency, async (r) => {
    const plan = r.plan!;
    const now = fresh.get(r.name.toLowerCase());
    if (r.written && !holds(now?.policies.get(plan.target), plan.cutoffMs)) {
      // Someone deleted it since the write (nothing of this library writes that name): written once more, and nothing folded.
      log({ event: 'rewritten-after-concurrent-delete', role: r.name });
      const again = await io.settle(r.name, () => putPolicies(io, r.name, [plan.write!]));
      if (!again.ok) {
        r.failure = again.reason;
        failures.push({ name: r.name, reason: again.reason });
      }
      return;
    }
    const state = now ?? r.state!;
    r.state = state;
    const names = planSupersede(state, { ...supersede, lowered: lower ? plan.target : undefined });
    if (names.length > 0) {
      const done = await io.settle(r.name, () => deletePolicies(io, r.name, names));
      if (done.ok) {
        superseded += names.length;
        r.state = { ...state, policies: new Map([...state.policies].filter(([n]) => !names.includes(n))) };
        log({ event: 'superseded', role: r.name, policies: names });
      } else {
        log({ event: 'supersede-failed', role: r.name, reason: done.reason, detail: 'the later cutoff is in force; the next run folds the lower policy' });
      }
    }
  });
  throwIfFailed('revoke', 'roles', roles.length, failures, ROLLBACK_KEEPS);

  const revoked = plans.map((r) => r.plan!);
  const legacy = revoked.filter((p) => p.legacyStatement).length;
  if (legacy > 0) {
    log({ event: 'legacy-statement-kept', roles: legacy, detail: 'statements an earlier release wrote into a shared document stay; they never lower a cutoff' });
  }
  const applied = plans.map((r) => roleCutoff(r.state!, r.written ? [r.plan!.write!] : []) ?? r.plan!.cutoffMs);
  return {
    complete: true,
    data: {
      EffectiveCutoff: formatInstant(Math.min(...applied)),
      RequestedCutoff: formatInstant(requestedMs),
      MootAfter: mootAfter(plans.map((r, i) => ({ role: r.state!, cutoffMs: applied[i] }))),
      OwnedPolicyName: ownedNameOf(input, revoked),
      RolesRevoked: String(revoked.length),
      RolesWritten: String(writtenBefore + writtenNow),
      RolesMatched: String(targets.matched),
      RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
      SkippedReasons: describeSkipped(targets.skipped),
      PoliciesSuperseded: String(superseded),
      LegacyOwnSidsKept: String(legacy),
    },
  };
}

/**
 * Puts the planned policy. When the role's inline policies are full (`LimitExceeded`) and it still
 * carries lower policies of this resource that the highest one in place supersedes, those go first.
 */
async function putRoomily(io: IamIo, plan: Revoke, supersede: { owner: string; generation: string; foldOtherGenerations: boolean },
  log: IamWriterContext['log']): Promise<void> {
  try {
    await putPolicies(io, plan.role.name, [plan.write!]);
  } catch (err) {
    const folded = planSupersede(plan.role, supersede);
    if (errorName(err) !== 'LimitExceeded' || folded.length === 0) {
      throw err;
    }
    await deletePolicies(io, plan.role.name, folded);
    log({ event: 'superseded', role: plan.role.name, policies: folded, detail: 'to make room' });
    await putPolicies(io, plan.role.name, [plan.write!]);
  }
}

/**
 * Deletes what the resource wrote: `all` of it (the resource goes), or one replaced generation's
 * policies, after the live generation, on a role both target, holds a cutoff at least as late.
 * Reads the whole account, so every role the resource ever wrote to is found, whatever its
 * current targets; continues in the next invocation when large.
 */
async function remove(ctx: IamWriterContext, run: RemovalRun<RevocationRequest>): Promise<Outcome> {
  const { io, log } = ctx;
  const scope = run.scope.kind === 'all' ? { kind: 'all' as const } : { kind: 'generation' as const, generation: run.generation, live: run.scope.live };
  const owned = (n: string) => parseOwnedName(n, run.owner) !== undefined;
  const work = (await readAccount(io, owned, false)).map((role) => ({ role, plan: planRemoval(role, run.owner, scope) }))
    .filter((w) => w.plan.deletes.length > 0);
  const outcomes = await mapWithConcurrency(work, io.concurrency, (w) => io.settle(w.role.name, async () => {
    if (io.outOfTime()) {
      return DEFERRED;
    }
    if (w.plan.raise) {
      await putPolicies(io, w.role.name, [w.plan.raise]);
      if (!holds(await readPolicy(io, w.role.name, w.plan.raise.policyName), w.plan.raise.cutoffMs)) {
        throw new Error(`the live generation's policy ${w.plan.raise.policyName} was not found after it was written, so nothing was removed; delete again`);
      }
      log({ event: 'raised-before-removal', role: w.role.name, policy: w.plan.raise.policyName, cutoff: formatInstant(w.plan.raise.cutoffMs) });
    }
    await deletePolicies(io, w.role.name, w.plan.deletes);
    log({ event: 'role-removed', role: w.role.name, policies: w.plan.deletes });
    return 'done' as const;
  }));
  if (outcomes.some((o) => o.ok && o.value === DEFERRED) && ctx.mayContinue) {
    return { complete: false, carry: {} };
  }
  throwIfFailed('remove the revocation from', 'roles', outcomes.length, outcomes.flatMap((o, i) => (o.ok
    ? (o.value === DEFERRED ? [{ name: work[i].role.name, reason: NOT_STARTED }] : [])
    : [{ name: work[i].role.name, reason: o.reason }])));
  return { complete: true, data: {} };
}

function holds(text: string | undefined, cutoffMs: number): boolean {
  const read = text === undefined ? undefined : readRevocationDocument(text);
  return read?.kind === 'revocation' && (latestCutoff(read.statements) ?? -Infinity) >= cutoffMs;
}

/**
 * The instant after which no session issued before each role's cutoff can still be used: the
 * latest cutoff plus the longest `MaxSessionDuration`. Unknown when a service may assume a role:
 * EC2 instance credentials are not bound by `MaxSessionDuration`, and Lambda and ECS tasks keep
 * theirs for the life of the environment, so no bound holds for them.
 */
function mootAfter(roles: ReadonlyArray<{ role: RoleState; cutoffMs: number }>): string {
  const bound = formatInstant(Math.max(...roles.map((r) => r.cutoffMs + (r.role.maxSessionSeconds ?? LONGEST_ROLE_SESSION_SECONDS) * 1000)));
  const serviced = roles.filter((r) => r.role.trustedServices === undefined || r.role.trustedServices.length > 0);
  if (serviced.length === 0) {
    return bound;
  }
  const first = serviced[0].role;
  const by = first.trustedServices === undefined ? 'an unreadable trust policy' : first.trustedServices.join(', ');
  return `unknown (${serviced.length} role${serviced.length > 1 ? 's' : ''} a service may assume, e.g. ${first.name} by ${by}: `
    + `its credentials can outlive MaxSessionDuration); not before ${bound}`;
}

/** The one name every role got, or the pattern they share when their cutoffs differ. */
function ownedNameOf(input: PlanInput, plans: readonly Revoke[]): string {
  const names = new Set(plans.map((p) => p.target));
  return names.size === 1 ? [...names][0] : `${ownedPolicyName(input.policyName, input.owner, input.generation, 0).replace(/-[^-]+$/, '')}-*`;
}

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

function selectTargets(ctx: IamWriterContext, request: RevocationRequest, snapshot: RoleState[] | undefined,
  wanted: (policyName: string) => boolean): Targets {
  const spec = request.selection;
  if (!spec) {
    const byName = snapshot && new Map(snapshot.map((r) => [r.name.toLowerCase(), r]));
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
function checkArn(ctx: IamWriterContext, target: TargetRole): void {
  if (ctx.partition && target.partition !== ctx.partition) {
    throw new InputError(`its ARN is in partition ${target.partition}, but this function runs in ${ctx.partition}; use an ARN of this partition`);
  }
  if (ctx.account && target.account !== ctx.account) {
    throw new InputError(`it is in account ${target.account}, but this function runs in ${ctx.account}; revoke it from a stack deployed to that account`);
  }
}

/** An explicit role as IAM holds it: it exists, its path matches the ARN's, and it is not locked out. */
function checkExplicit(ctx: IamWriterContext, target: TargetRole, state: RoleState | undefined, options: LockoutOptions): RoleState {
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

/**
 * A dry run: the same plan, nothing written. It reports what is in force on the targeted roles
 * now, as read (a dry run of a construct that revoked before never says "none" while its policy
 * denies), with counts and the first names in the data, every name in the log.
 */
function dryRunData(ctx: IamWriterContext, run: ApplyRun<RevocationRequest>, input: PlanInput, plans: Revoke[], failures: TargetFailure[],
  targets: Targets): Record<string, string> {
  const toWrite = plans.filter((p) => p.write).map((p) => p.role.name);
  for (let i = 0; i < Math.max(toWrite.length, 1); i += 500) {
    ctx.log({ event: 'dry-run-plan', cutoff: plans.length > 0 ? formatInstant(Math.min(...plans.map((p) => p.cutoffMs))) : 'none', rolesToWrite: toWrite.slice(i, i + 500) });
  }
  failures.forEach((f) => ctx.log({ event: 'dry-run-would-fail', role: f.name, reason: f.reason }));
  const inForce = plans.flatMap((p) => {
    const c = roleCutoff(p.role);
    return c === undefined ? [] : [{ role: p.role, cutoffMs: c }];
  });
  const nothing = 'none (dry run: nothing was written, and no targeted role carries a revocation)';
  const partly = inForce.length < plans.length ? ` on ${inForce.length} of ${plans.length} roles, none on the others (dry run: nothing was written)` : '';
  const own = plans.filter((p) => ownedPolicies(p.role, run.owner).owned.length > 0 || p.legacyStatement);
  return {
    DryRun: 'true',
    OwnedPolicyName: ownedNameOf(input, plans),
    EffectiveCutoff: inForce.length === 0 ? nothing : `${formatInstant(Math.min(...inForce.map((r) => r.cutoffMs)))}${partly}`,
    MootAfter: inForce.length === 0 ? nothing : `${mootAfter(inForce)}${partly}`,
    RequestedCutoff: formatInstant(input.requestedMs),
    PlannedCutoff: plans.length > 0 ? formatInstant(Math.min(...plans.map((p) => p.cutoffMs))) : 'none',
    RolesRevoked: String(own.length),
    RolesWritten: '0',
    RolesToRevoke: String(plans.length),
    RolesToWrite: String(toWrite.length),
    RolesToWriteNames: firstNames(toWrite, MAX_NAMES_BYTES),
    RolesFailing: String(failures.length),
    RolesFailingNames: firstNames(failures.map((f) => f.name), MAX_NAMES_BYTES),
    RolesMatched: String(targets.matched),
    RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
    SkippedReasons: describeSkipped(targets.skipped),
  };
}

export function describeSkipped(skipped: Partial<Record<SkipCategory, number>>): string {
  const parts = Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
