/**
 * The Identity Center writer on the revocation engine. `start` (onEvent) writes the revocation into
 * each permission set's inline policy and starts provisioning; `continue` (isComplete) waits for
 * provisioning, then reads the policy again and checks that what this run asked for is in force.
 *
 * `PutInlinePolicyToPermissionSet` is a blind overwrite of the one inline policy, so no write can
 * be made safe on its own: each Put is planned from a read made immediately before it, and keeps
 * every statement in force except own ones the new statement dominates. A writer that read before
 * this one wrote can still put an older policy back; the check after provisioning sees it (such a
 * write lands within the request timeout, well before the first isComplete) and writes the merge
 * again. What no check can see is a write landing after the last one: SECURITY.md says so.
 */
import { MAX_INLINE_POLICY_CHARS, readInlinePolicy } from './inline-policy';
import { holds, ownStatements, Plan, planApply, planRemoval, ReadablePolicy } from './plan';
import { IC_TARGET_KEYS, IdentityCenterRequest, readIdentityCenterRequest } from './properties';
import { effectiveCutoff, ownSidPrefix, ownStatement, Revocation, Users } from './statements';
import { deployTimeMark } from '../core/engine/cutoff';
import { ApplyRun, Outcome, RemovalRun, RunIdentity, Writer } from '../core/engine/handler';
import { StackReader } from '../core/engine/removal-gate';
import { InputError, reasonOf, TargetFailure, throwIfFailed } from '../core/failure-report';
import { formatInstant } from '../core/instant';
import { describeCutoff } from '../core/resource-props';
import { mapWithConcurrency } from '../core/retry';

/** The SSO Admin calls the writer makes, each with its retries (but the writes); tests replace it. */
export interface IdentityCenterApi {
  permissionSetName(instanceArn: string, arn: string): Promise<string>;
  /** The inline policy text; `''` or `undefined` when there is none. */
  inlinePolicy(instanceArn: string, arn: string): Promise<string | undefined>;
  /**
   * One attempt, never retried as it is: a Put whose response was lost may still land, and a
   * retry sent later would carry a plan made from an older read. The writer reads and plans again.
   */
  putInlinePolicy(instanceArn: string, arn: string, text: string): Promise<void>;
  /** One attempt, as `putInlinePolicy`. */
  deleteInlinePolicy(instanceArn: string, arn: string): Promise<void>;
  /** Starts provisioning to every account the permission set is provisioned to: the request id, or `undefined` when one is already under way. */
  provision(instanceArn: string, arn: string): Promise<string | undefined>;
  provisioningStatus(instanceArn: string, requestId: string): Promise<{ readonly status?: string; readonly failureReason?: string }>;
  /** The accounts that have (`latest`) or lack the permission set's latest version. */
  accounts(instanceArn: string, arn: string, latest: boolean): Promise<string[]>;
}

export interface IdentityCenterWriterDeps {
  readonly api: IdentityCenterApi;
  /** Retries a whole read, plan and write when it fails transiently (throttling, a timeout, a conflict). */
  readonly retry: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Tells a rollback from a deployment when provisioning outlasts the wait. */
  readonly stack: StackReader;
  readonly log: (entry: Record<string, unknown>) => void;
}

/** How long provisioning is waited for: well inside the Provider framework's 55-minute waiter, so the handler, not the waiter, reports. */
export const WAIT_BUDGET_MS = 45 * 60_000;
const CONCURRENCY = 4;
/** Carried instead of a request id: nothing to provision, or provisioning already under way (ConflictException). */
const NOTHING = 'none';
const UNDER_WAY = 'wait';
const ROLLING_BACK = new Set(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS']);

/** A permission set whose inline policy this library cannot read, and why. */
interface Unreadable {
  readonly name: string;
  readonly why: string;
}

interface PermissionSet {
  readonly arn: string;
  readonly name: string;
  readonly read: ReadablePolicy;
}

/** What the start phase hands to isComplete. Anyone may invoke the function: each value is checked when read back. */
interface Carry {
  readonly requests: string[];
  readonly startedAt: number;
  readonly cutoffMs?: number;
}

/** One permission set after a poll. */
type Settled =
  | { readonly kind: 'done'; readonly arn: string; readonly accounts: number; readonly read?: ReadablePolicy }
  | { readonly kind: 'pending'; readonly arn: string }
  /** Provisioned, but the policy no longer holds what this run asked for. */
  | { readonly kind: 'lost'; readonly arn: string; readonly read?: ReadablePolicy }
  | { readonly kind: 'failed'; readonly arn: string; readonly reason: string };

export function identityCenterWriter(deps: IdentityCenterWriterDeps): Writer<IdentityCenterRequest> {
  const { api, log } = deps;

  /** How a failure names a permission set: its name, read when the message is made. */
  const label = async (instanceArn: string, arn: string) =>
    `permission set ${await api.permissionSetName(instanceArn, arn).catch(() => arn)} (${arn})`;

  /** Every permission set's name and inline policy, and those this library cannot read. */
  async function readAll(instanceArn: string, arns: readonly string[]): Promise<{ sets: PermissionSet[]; unreadable: Unreadable[] }> {
    const states = await mapWithConcurrency([...arns], CONCURRENCY, async (arn) => ({
      arn,
      name: await api.permissionSetName(instanceArn, arn),
      read: readInlinePolicy(await api.inlinePolicy(instanceArn, arn)),
    }));
    return {
      sets: states.filter((s): s is PermissionSet => s.read.ok),
      unreadable: states.flatMap((s) => (s.read.ok ? [] : [{ name: `permission set ${s.name} (${s.arn})`, why: s.read.reason }])),
    };
  }

  function tooLarge(plan: Plan): string | undefined {
    return plan.text.length > MAX_INLINE_POLICY_CHARS
      ? `its inline policy would be ${plan.text.length} characters, over Identity Center's ${MAX_INLINE_POLICY_CHARS}; nothing was written to it, `
        + 'shorten its other statements or list fewer user ids'
      : undefined;
  }

  /**
   * Reads the policy again and writes the plan made from THAT read, the write sent right after the
   * read; a failed attempt reads and plans again. Whether anything was written.
   */
  function writePlanned(instanceArn: string, arn: string, plan: (read: ReadablePolicy) => Plan): Promise<boolean> {
    return deps.retry(() => writeOnce(instanceArn, arn, plan));
  }

  async function writeOnce(instanceArn: string, arn: string, plan: (read: ReadablePolicy) => Plan): Promise<boolean> {
    const fresh = readInlinePolicy(await api.inlinePolicy(instanceArn, arn));
    if (!fresh.ok) {
      throw new InputError(`its inline policy changed since it was read and ${fresh.reason}; nothing was written to it, fix or remove it`);
    }
    const planned = plan(fresh);
    if (!planned.changed) {
      return false;
    }
    const why = tooLarge(planned);
    if (why) {
      throw new InputError(why);
    }
    await (planned.text === '' ? api.deleteInlinePolicy(instanceArn, arn) : api.putInlinePolicy(instanceArn, arn, planned.text));
    return true;
  }

  /** Starts provisioning where something was written or an account lacks the latest version; what to carry for it. */
  async function provision(instanceArn: string, arn: string, written: boolean): Promise<string> {
    if (!written && (await api.accounts(instanceArn, arn, false)).length === 0) {
      return NOTHING;
    }
    return (await api.provision(instanceArn, arn)) ?? UNDER_WAY;
  }

  /** Writes every permission set (each from a fresh read) and starts provisioning; never waits for it. */
  async function start(run: RunIdentity, instanceArn: string, sets: PermissionSet[], verb: string,
    plan: (read: ReadablePolicy) => Plan, carried: Record<string, string>, skipped: TargetFailure[] = []): Promise<Outcome> {
    const results = await mapWithConcurrency(sets, CONCURRENCY, async (ps): Promise<{ request?: string; failure?: TargetFailure }> => {
      try {
        const written = await writePlanned(instanceArn, ps.arn, plan);
        const request = await provision(instanceArn, ps.arn, written);
        log({ event: 'permission-set-written', permissionSet: ps.name, written, provisioning: request });
        return { request };
      } catch (err) {
        return { failure: { name: `permission set ${ps.name} (${ps.arn})`, reason: reasonOf(err) } };
      }
    });
    throwIfFailed(verb, 'permission sets', sets.length + skipped.length, [...skipped, ...results.flatMap((r) => (r.failure ? [r.failure] : []))]);
    return { complete: false, carry: { ...carried, Requests: results.map((r) => r.request!).join(','), StartedAt: String(run.nowMs) } };
  }

  /**
   * One poll of one permission set: its provisioning request, then its accounts; once every
   * account has the latest version, `check` (when given) reads the policy again.
   */
  async function settle(instanceArn: string, arn: string, entry: string, check?: (read: ReadablePolicy) => boolean): Promise<Settled> {
    let failed: { readonly status: string; readonly reason: string } | undefined;
    if (entry !== NOTHING && entry !== UNDER_WAY) {
      const status = await api.provisioningStatus(instanceArn, entry);
      if (status.status === 'IN_PROGRESS') {
        return { kind: 'pending', arn };
      }
      if (status.status !== 'SUCCEEDED') {
        failed = { status: status.status ?? 'UNKNOWN', reason: status.failureReason ?? 'no reason given' };
      }
    }
    const notLatest = await api.accounts(instanceArn, arn, false);
    if (notLatest.length > 0) {
      if (failed) {
        const latest = await api.accounts(instanceArn, arn, true);
        return {
          kind: 'failed',
          arn,
          reason: `provisioning ${failed.status} in account${notLatest.length > 1 ? 's' : ''} ${notLatest.join(', ')}: ${failed.reason}; `
            + `${latest.length} accounts have the revocation, deploy again to retry the others`,
        };
      }
      // A write after the last provisioning (this run's again, or another writer's), or one that never started: provision again.
      await api.provision(instanceArn, arn);
      return { kind: 'pending', arn };
    }
    const read = readInlinePolicy(await api.inlinePolicy(instanceArn, arn));
    if (check && (!read.ok || !check(read))) {
      return { kind: 'lost', arn, ...(read.ok ? { read } : {}) };
    }
    return { kind: 'done', arn, accounts: (await api.accounts(instanceArn, arn, true)).length, ...(read.ok ? { read } : {}) };
  }

  /** What the provisioning still running amounts to, and whether CloudFormation is rolling back (then the handler completes instead of failing). */
  async function stillRunning(run: RunIdentity, instanceArn: string, arns: string[]): Promise<{ accounts: number; rollingBack: boolean }> {
    const accounts = (await mapWithConcurrency(arns, CONCURRENCY, (arn) => api.accounts(instanceArn, arn, false))).reduce((n, a) => n + a.length, 0);
    const status = await deps.stack.stackStatus(run.event.StackId).catch(() => undefined);
    return { accounts, rollingBack: status !== undefined && ROLLING_BACK.has(status) };
  }

  async function continueApply(run: ApplyRun<IdentityCenterRequest>, carry: Carry): Promise<Outcome> {
    const r = run.request;
    const arns = r.permissionSetArns;
    const asked: Revocation = { cutoffMs: askedCutoff(run, carry), users: usersOf(r) };
    const next = ownStatement(run.owner, run.generation, asked, deployTimeMark(r.cutoff));
    const lower = run.grant.lower && r.allowEarlierCutoff;
    const settled = await mapWithConcurrency(arns.map((arn, i) => ({ arn, entry: carry.requests[i] })), CONCURRENCY,
      ({ arn, entry }) => settle(r.instanceArn, arn, entry, (read) => holds(read, run.owner, run.generation, asked)));
    await throwIfAnyFailed(r.instanceArn, 'provision', settled);
    const atDeadline = run.nowMs - carry.startedAt >= WAIT_BUDGET_MS;
    const lost = settled.filter((s): s is Extract<Settled, { kind: 'lost' }> => s.kind === 'lost');
    if (lost.length > 0 && !atDeadline) {
      // Another writer put an older policy back after this one wrote: write the merge again, from a fresh read, and provision.
      const failures = await mapWithConcurrency(lost, CONCURRENCY, async (s): Promise<TargetFailure[]> => {
        try {
          const written = await writePlanned(r.instanceArn, s.arn, (read) => planApply(read, run.owner, next, lower));
          log({ event: 'permission-set-rewritten', permissionSet: s.arn, written });
          await api.provision(r.instanceArn, s.arn);
          return [];
        } catch (err) {
          return [{ name: await label(r.instanceArn, s.arn), reason: reasonOf(err) }];
        }
      });
      throwIfFailed('write the revocation again into', 'permission sets', lost.length, failures.flat());
      return { complete: false, carry: {} };
    }
    const pending = settled.filter((s) => s.kind === 'pending').map((s) => s.arn);
    if (atDeadline) {
      // Every permission set still waited for must hold the revocation now; else the failure names the cutoff in force.
      const notHeld = [...lost.map((s) => ({ arn: s.arn, read: s.read }))];
      for (const arn of pending) {
        const read = readInlinePolicy(await api.inlinePolicy(r.instanceArn, arn));
        if (!read.ok || !holds(read, run.owner, run.generation, asked)) {
          notHeld.push({ arn, read: read.ok ? read : undefined });
        }
      }
      if (notHeld.length > 0) {
        const failures = await Promise.all(notHeld.map(async (s) => ({
          name: await label(r.instanceArn, s.arn), reason: lostReason(run.owner, asked, s.read),
        })));
        throwIfFailed('keep the revocation in', 'permission sets', arns.length, failures);
      }
    } else if (pending.length > 0) {
      return { complete: false, carry: {} };
    }
    const done = settled.filter((s): s is Extract<Settled, { kind: 'done' }> => s.kind === 'done');
    // What every user asked for is denied with, the earliest over the permission sets (each holds at least what was asked).
    const inForce = done.map((s) => (s.read ? effectiveCutoff(asked.users, ownStatements(s.read, run.owner)) : undefined) ?? asked.cutoffMs);
    const data: Record<string, string> = {
      EffectiveCutoff: describeCutoff(Math.min(...inForce, ...(pending.length > 0 ? [asked.cutoffMs] : []))),
      RequestedCutoff: describeCutoff(asked.cutoffMs),
      PermissionSets: String(arns.length),
      AccountsProvisioned: String(done.reduce((n, s) => n + s.accounts, 0)),
      OwnedSidPrefix: ownSidPrefix(run.owner),
    };
    if (pending.length > 0) {
      const running = await stillRunning(run, r.instanceArn, pending);
      const report = `statement written and in force in the inline policy of all ${arns.length} permission sets; provisioning `
        + `still running in ${running.accounts} accounts after ${WAIT_BUDGET_MS / 60_000} minutes (${pending.join(', ')}): Identity Center goes on `
        + 'provisioning it, the statement stays written, and a rollback keeps it';
      log({ event: 'provisioning-outlasted-wait', pending, accounts: running.accounts, rollingBack: running.rollingBack });
      if (!running.rollingBack) {
        // A deployment says so and fails; a rollback must not end UPDATE_ROLLBACK_FAILED, so it completes and reports.
        const err = new Error(report);
        err.stack = `Error: ${report}`;
        throw err;
      }
      data.ProvisioningStillRunning = `${running.accounts} accounts`;
    }
    return { complete: true, data };
  }

  async function throwIfAnyFailed(instanceArn: string, verb: string, settled: Settled[]): Promise<void> {
    const failed = settled.filter((s): s is Extract<Settled, { kind: 'failed' }> => s.kind === 'failed');
    const failures = await Promise.all(failed.map(async (s) => ({ name: await label(instanceArn, s.arn), reason: s.reason })));
    throwIfFailed(verb, 'permission sets', settled.length, failures);
  }

  return {
    construct: 'RevokeIdentityCenterSessions',
    targetKeys: IC_TARGET_KEYS,
    readRequest: readIdentityCenterRequest,
    cutoffOf: (r) => r.cutoff,
    spared: () => ({}),

    async apply(run) {
      const r = run.request;
      const carry = run.carried ? readCarry(run.carried, r.permissionSetArns.length, run.nowMs) : undefined;
      if (carry) {
        return continueApply(run, carry);
      }
      const { sets, unreadable } = await readAll(r.instanceArn, r.permissionSetArns);
      if (unreadable.length > 0) {
        throw new InputError(`nothing was written: the inline policy of ${unreadable.map((u) => `${u.name}: ${u.why}`).join('; ')}; `
          + 'this library keeps other statements untouched and cannot read it, fix or remove it');
      }
      // A deploy-time cutoff this generation already wrote is kept: the clock is read once per generation.
      const mark = deployTimeMark(r.cutoff);
      const marked = sets.flatMap((s) => ownStatements(s.read, run.owner))
        .filter((o) => mark !== undefined && o.mark === mark).map((o) => o.cutoffMs);
      const asked: Revocation = { cutoffMs: run.requestedCutoff(marked.length > 0 ? Math.max(...marked) : undefined), users: usersOf(r) };
      const next = ownStatement(run.owner, run.generation, asked, mark);
      const lower = run.grant.lower && r.allowEarlierCutoff;
      const plan = (read: ReadablePolicy) => planApply(read, run.owner, next, lower);
      // Refused before any write: a permission set whose policy would not fit.
      const oversize = sets.flatMap((s) => {
        const why = tooLarge(plan(s.read));
        return why ? [`permission set ${s.name} (${s.arn}): ${why}`] : [];
      });
      if (oversize.length > 0) {
        throw new InputError(oversize.join('; '));
      }
      log({ event: 'revoke', cutoff: describeCutoff(asked.cutoffMs), users: asked.users === 'all' ? 'all' : asked.users.length, generation: run.generation });
      return start(run, r.instanceArn, sets, 'revoke sessions of', plan, { Cutoff: asked.cutoffMs === Infinity ? 'none' : String(asked.cutoffMs) });
    },

    async remove(run: RemovalRun<IdentityCenterRequest>) {
      const r = run.request;
      if (!r) {
        log({ event: 'delete', removed: false, reason: 'the properties of the deleted generation cannot be read, so nothing is known to remove' });
        return { complete: true, data: {} };
      }
      const scope = run.scope.kind === 'all' ? { kind: 'all' as const } : { kind: 'generation' as const, generation: run.generation, live: run.scope.live };
      const carry = run.carried ? readCarry(run.carried, r.permissionSetArns.length, run.nowMs) : undefined;
      if (!carry) {
        // What can be read is removed; a permission set whose policy cannot be read is left as it is, and named.
        const { sets, unreadable } = await readAll(r.instanceArn, r.permissionSetArns);
        return start(run, r.instanceArn, sets, 'remove the revocation from', (read) => planRemoval(read, run.owner, scope), {},
          unreadable.map((u) => ({ name: u.name, reason: `its inline policy cannot be read (${u.why}), so it was left untouched; fix or remove it` })));
      }
      const settled = await mapWithConcurrency(r.permissionSetArns.map((arn, i) => ({ arn, entry: carry.requests[i] })), CONCURRENCY,
        ({ arn, entry }) => settle(r.instanceArn, arn, entry));
      await throwIfAnyFailed(r.instanceArn, 'provision', settled);
      const pending = settled.filter((s) => s.kind === 'pending').map((s) => s.arn);
      if (pending.length > 0 && run.nowMs - carry.startedAt < WAIT_BUDGET_MS) {
        return { complete: false, carry: {} };
      }
      // A Delete never fails for provisioning that is merely slow: the removal is written.
      log({ event: 'removed', scope: scope.kind, provisioningStillRunning: pending });
      return { complete: true, data: {} };
    },
  };
}

/** Whom the request denies. */
function usersOf(r: IdentityCenterRequest): Users {
  return r.userIds.length > 0 ? r.userIds : 'all';
}

/**
 * The cutoff this run asked for, again from the event; a deploy-time one as the start phase
 * resolved it, never later than the clock plus the buffer (a forged carry cannot raise it).
 */
function askedCutoff(run: ApplyRun<IdentityCenterRequest>, carry: Carry): number {
  const cutoff = run.request.cutoff;
  if (cutoff.mode === 'deploy-time' && carry.cutoffMs !== undefined && Number.isFinite(carry.cutoffMs)) {
    return run.requestedCutoff(Math.min(carry.cutoffMs, run.nowMs + cutoff.bufferMs));
  }
  return run.requestedCutoff();
}

/** What isComplete was handed; anything malformed reads as provisioning under way, so a forged one only waits and checks. */
function readCarry(carried: Readonly<Record<string, unknown>>, count: number, nowMs: number): Carry {
  const entries = typeof carried.Requests === 'string' ? carried.Requests.split(',') : [];
  const requests = Array.from({ length: count }, (_, i) => (/^[\w-]{1,64}$/.test(entries[i] ?? '') ? entries[i] : UNDER_WAY));
  const startedAt = Number(carried.StartedAt);
  const cutoff = carried.Cutoff === 'none' ? Infinity : Number(carried.Cutoff);
  return {
    requests,
    startedAt: Number.isFinite(startedAt) && startedAt <= nowMs ? startedAt : nowMs,
    ...(Number.isNaN(cutoff) ? {} : { cutoffMs: cutoff }),
  };
}

/** Why a permission set does not hold the revocation: the cutoff its users are denied with now. */
function lostReason(owner: string, asked: Revocation, read: ReadablePolicy | undefined): string {
  const inForce = read ? effectiveCutoff(asked.users, ownStatements(read, owner)) : undefined;
  const now = inForce === undefined ? 'no revocation of these users' : `cutoff ${inForce === Infinity ? 'none (every session)' : formatInstant(inForce)}`;
  return `its inline policy holds ${now} in force, not the ${describeCutoff(asked.cutoffMs)} this deployment wrote: another writer (a concurrent `
    + 'deploy, the console, a tool that manages the whole inline policy) replaced the inline policy after this revocation wrote it; stop that '
    + 'writer and deploy again';
}
