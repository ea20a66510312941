import {
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import {
  InputError,
  MAX_FUTURE_MS,
  readPreviousTargets,
  readRequest,
  RevocationRequest,
  TargetRole,
} from './properties';
import {
  isExcluded,
  matchesListing,
  matchesTags,
  SelectionKind,
  SelectionSpec,
} from '../role-selection/selection-match';
import { formatInstant, parseInstant } from '../shared/instant';
import { lockoutReason, roleNameSet, SkipCategory } from '../shared/lockout';
import { Pacer } from '../shared/pacer';
import { DEFAULT_RETRY, errorName, mapWithConcurrency, withRetries } from '../shared/retry';
import {
  buildRevocationDocument,
  latestCutoff,
  ownerSid,
  readRevocationDocument,
  TimeStatement,
} from '../shared/revocation-document';
import { parseRoleArn } from '../shared/role-target';

/** What the Provider framework expects back from `onEvent`. */
export interface HandlerResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** What the Provider framework expects back from `isComplete`. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/**
 * Which part of the custom resource this function plays. `sync`: the whole run in one
 * invocation. `start` and `continue`: `onEvent` and `isComplete` of the asynchronous provider,
 * which spreads a large selection over several invocations.
 */
export type Phase = 'sync' | 'start' | 'continue';

/** Collaborators, replaceable in tests. */
export interface HandlerDeps {
  readonly iam: IAMClient;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly concurrency: number;
  /** A fresh pacer per invocation: each one learns IAM's rate again. */
  readonly pacer: () => Pacer;
  /** Names of roles that must never be revoked: the provider's own and the stack's deploy roles. */
  readonly protectedRoles: ReadonlySet<string>;
  readonly phase: Phase;
}

/** The failure message must fit CloudFormation's 4 KB response beside the framework's additions. */
export const MAX_REASON_BYTES = 3000;
/** Retries stop this long before the Lambda timeout, so the failure is still reported. */
const DEADLINE_MARGIN_MS = 15_000;
/** No role is started this close to the deadline: its calls and their retries must fit. */
const START_MARGIN_MS = 30_000;
const NOT_STARTED = 'not started before the function ran out of time; deploy again to finish (roles already done stay done)';
/** One IAM call answers in well under a second; past this it is treated as lost and retried. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Read-after-write rounds: each one rewrites roles another writer overwrote meanwhile. */
const VERIFY_ROUNDS = 3;
/** `ListRoles` page size: IAM's maximum. */
const LIST_PAGE = 1000;

interface RoleOutcome {
  readonly role: TargetRole;
  readonly error?: string;
  readonly appliedMs?: number;
  readonly maxSessionSeconds?: number;
  readonly written?: boolean;
  /** Not started: too little time was left. */
  readonly deferred?: boolean;
}

/** The roles a request resolves to, and what a selection skipped. */
interface Targets {
  readonly roles: TargetRole[];
  readonly matched: number;
  readonly skipped: Partial<Record<SkipCategory, number>>;
}

type RunResult = { readonly complete: false } | { readonly complete: true; readonly data: Record<string, string> };

/** Builds the handler: `onEvent`, or `isComplete` in the `continue` phase. */
export function createHandler(overrides: Partial<HandlerDeps> = {}) {
  const deps: HandlerDeps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    // A hung connection must fail and be retried, not hold a worker until the Lambda timeout.
    iam: overrides.iam ?? new IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    pacer: overrides.pacer ?? (() => new Pacer()),
    protectedRoles: roleNameSet(overrides.protectedRoles ?? protectedRolesFromEnv()),
    phase: overrides.phase ?? phaseFromEnv(),
  };

  return async (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<HandlerResponse | IsCompleteResponse> => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    const ops = new RoleOps(deps, remainingMs, ownerSid(event.StackId, event.LogicalResourceId), deps.pacer());
    const physicalId = event.RequestType === 'Create' ? ops.sid : event.PhysicalResourceId;
    const account = accountOf(context?.invokedFunctionArn);

    if (event.RequestType === 'Delete') {
      if (deps.phase === 'continue') {
        return { IsComplete: true };
      }
      // Keep every revocation unless this resource provably wrote it: a physical id this handler
      // never issued (a failed Create) or unreadable properties prove nothing.
      const previous = readPreviousTargets(event.ResourceProperties);
      const destroy = previous.destroy && event.PhysicalResourceId === ops.sid;
      if (destroy) {
        const targets = await ops.resolve(previous);
        throwIfFailed('remove the revocation from', await ops.removeFrom(targets.roles, previous.policyName));
      }
      log({ event: 'delete', physicalId, retained: !destroy });
      return { PhysicalResourceId: physicalId };
    }

    const request = readRequest(event.ResourceProperties);
    const started = (event as { Data?: Record<string, unknown> }).Data;
    if (deps.phase === 'continue' && started?.Complete === 'true') {
      return { IsComplete: true };
    }
    // A continuation keeps the cutoff its start resolved: a deploy-time cutoff must not drift.
    const requestedMs = deps.phase === 'continue'
      ? resolveCutoff({ ...request, cutoff: { mode: 'fixed', epochMs: startedCutoff(started) } }, deps.now())
      : resolveCutoff(request, deps.now());

    const result = await run(ops, deps.phase, event, request, requestedMs, account);
    if (!result.complete) {
      log({ event: 'incomplete', physicalId, requestedCutoff: formatInstant(requestedMs) });
      // The framework refuses Data from an incomplete isComplete; `start` hands the cutoff on in its Data.
      return deps.phase === 'continue'
        ? { IsComplete: false }
        : { PhysicalResourceId: physicalId, Data: { Complete: 'false', RequestedCutoff: formatInstant(requestedMs) } };
    }
    log({ event: event.RequestType.toLowerCase(), physicalId, ...result.data });
    switch (deps.phase) {
      case 'continue': return { IsComplete: true, Data: result.data };
      case 'start': return { PhysicalResourceId: physicalId, Data: { ...result.data, Complete: 'true' } };
      default: return { PhysicalResourceId: physicalId, Data: result.data };
    }
  };
}

/** Revokes every target; complete unless roles were left for a continuation. */
async function run(ops: RoleOps, phase: Phase, event: CloudFormationCustomResourceEvent, request: RevocationRequest,
  requestedMs: number, account: string | undefined): Promise<RunResult> {
  const targets = await ops.resolve(request);
  if (targets.roles.length === 0) {
    throw new InputError(`the ${request.selection?.kind} selection matched no role that may be revoked `
      + `(${targets.matched} matched, skipped: ${describeSkipped(targets.skipped)}); check the selection`);
  }
  const outcomes = await mapWithConcurrency(targets.roles, ops.concurrency, (role) => ops.settle(role, async () => {
    if (ops.outOfTime()) {
      return { deferred: true };
    }
    if (account && role.account !== account) {
      throw new InputError(`it is in account ${role.account}, but this function runs in ${account}; revoke it from a stack deployed to that account`);
    }
    return ops.revoke(role, request, requestedMs);
  }));
  const deferred = outcomes.filter((o) => o.deferred).length;
  if (deferred > 0 && phase !== 'sync') {
    return { complete: false };
  }
  await verifyWrites(ops, outcomes, request, requestedMs);
  const warnings = event.RequestType === 'Update' ? await removeDropped(ops, request, targets, event.OldResourceProperties) : 0;
  throwIfFailed('revoke', outcomes.map((o) => (o.deferred
    ? { ...o, error: NOT_STARTED }
    : o)));

  const applied = outcomes.map((o) => o.appliedMs!);
  const mootAfter = Math.max(...outcomes.map((o) => o.appliedMs! + o.maxSessionSeconds! * 1000));
  return {
    complete: true,
    data: {
      EffectiveCutoff: formatInstant(Math.min(...applied)),
      RequestedCutoff: formatInstant(requestedMs),
      MootAfter: formatInstant(mootAfter),
      RolesRevoked: String(outcomes.length),
      RolesWritten: String(outcomes.filter((o) => o.written).length),
      RolesMatched: String(targets.matched),
      RolesSkipped: String(Object.values(targets.skipped).reduce((a, b) => a + b, 0)),
      SkippedReasons: describeSkipped(targets.skipped),
      RemovalWarnings: String(warnings),
    },
  };
}

/**
 * IAM has no compare-and-swap: another writer (a second stack, the console) may have written
 * from a read older than ours and dropped our statement. Each written role is read once more
 * after the run, and rewritten (merged) until its cutoff holds, for a few rounds.
 */
async function verifyWrites(ops: RoleOps, outcomes: RoleOutcome[], request: RevocationRequest, requestedMs: number): Promise<void> {
  let pending = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => o.written);
  for (let round = 0; round < VERIFY_ROUNDS && pending.length > 0 && !ops.outOfTime(); round++) {
    const again = await mapWithConcurrency(pending, ops.concurrency, ({ o }) =>
      ops.settle(o.role, () => ops.revoke({ ...o.role, maxSessionSeconds: o.maxSessionSeconds }, request, requestedMs)));
    pending.forEach(({ i }, k) => {
      outcomes[i] = { ...again[k], written: true };
    });
    pending = pending.filter((_, k) => again[k].written);
    if (pending.length > 0) {
      log({ event: 'rewritten-after-concurrent-write', roles: pending.length, round: round + 1 });
    }
  }
}

/** The deployed entry point. */
export const handler = createHandler();

/** IAM calls for one custom resource, each retried and bounded by the Lambda deadline. */
class RoleOps {
  constructor(private readonly deps: HandlerDeps, private readonly remainingMs: () => number, public readonly sid: string,
    private readonly pacer: Pacer) {}

  public get concurrency(): number {
    return this.deps.concurrency;
  }

  /** Whether too little time is left to start another role. */
  public outOfTime(): boolean {
    return this.remainingMs() < START_MARGIN_MS;
  }

  /** The roles an explicit list or a selection stands for, with the lockout guard applied to a selection. */
  public async resolve(request: { roles: TargetRole[]; selection?: SelectionSpec }): Promise<Targets> {
    const spec = request.selection;
    if (!spec) {
      return { roles: request.roles, matched: request.roles.length, skipped: {} };
    }
    let matched = (await this.listRoles(spec.pathPrefix)).filter((r) => matchesListing(spec, r.name, r.path));
    if (spec.kind === SelectionKind.tagged) {
      // ListRoles returns no tags: GetRole (which the grant already allows) reads them.
      const tagged = await mapWithConcurrency(matched, this.deps.concurrency, async (r) => {
        const got = await this.call(() => this.deps.iam.send(new GetRoleCommand({ RoleName: r.name })));
        return matchesTags(spec, got.Role?.Tags ?? []);
      });
      matched = matched.filter((_, i) => tagged[i]);
    }
    const skipped: Partial<Record<SkipCategory, number>> = {};
    const roles = matched.filter((r) => {
      const category = lockoutReason(r.name, r.path, this.deps.protectedRoles)?.category
        ?? (isExcluded(r.name, r.path, spec.exclude) ? 'excluded' : undefined);
      if (category) {
        skipped[category] = (skipped[category] ?? 0) + 1;
      }
      return category === undefined;
    });
    log({ event: 'selection', kind: spec.kind, matched: matched.length, selected: roles.length, skipped });
    return { roles, matched: matched.length, skipped };
  }

  /** Runs `work` for one role; any error becomes that role's reason, so other roles go on. */
  public async settle(role: TargetRole, work: () => Promise<Omit<RoleOutcome, 'role'>>): Promise<RoleOutcome> {
    try {
      return { role, ...(await work()) };
    } catch (err) {
      const reason = err instanceof InputError ? err.message : `${errorName(err)}: ${(err as Error)?.message ?? String(err)}`;
      log({ event: 'role-failed', role: role.name, reason });
      return { role, error: reason };
    }
  }

  /** Ensures the role denies sessions issued before `requestedMs`, never moving its cutoff earlier. */
  public async revoke(role: TargetRole, request: RevocationRequest, requestedMs: number): Promise<Omit<RoleOutcome, 'role'>> {
    let maxSessionSeconds = role.maxSessionSeconds;
    if (maxSessionSeconds === undefined) {
      // An explicit role: its ARN may lack the real path, so IAM says what the role is.
      const got = await this.call(() => this.deps.iam.send(new GetRoleCommand({ RoleName: role.name })));
      const refused = lockoutReason(role.name, got.Role?.Path, this.deps.protectedRoles);
      if (refused) {
        throw new InputError(refused.reason);
      }
      maxSessionSeconds = got.Role?.MaxSessionDuration ?? 3600;
    }
    const statements = await this.readStatements(role, request.policyName);
    const current = latestCutoff(statements);
    const own = statements.find((s) => s.sid === this.sid);
    const unchanged = request.allowEarlierCutoff
      ? own?.cutoffMs === requestedMs
      : current !== undefined && current >= requestedMs;
    if (unchanged) {
      log({ event: 'role-unchanged', role: role.name, cutoff: formatInstant(current!) });
      return { appliedMs: current!, maxSessionSeconds, written: false };
    }
    const next: TimeStatement[] = [...statements.filter((s) => s.sid !== this.sid), { sid: this.sid, cutoffMs: requestedMs }];
    await this.call(() => this.deps.iam.send(new PutRolePolicyCommand({
      RoleName: role.name,
      PolicyName: request.policyName,
      PolicyDocument: buildRevocationDocument(next),
    })));
    const appliedMs = latestCutoff(next)!;
    log({ event: 'role-revoked', role: role.name, cutoff: formatInstant(appliedMs), statements: next.length });
    return { appliedMs, maxSessionSeconds, written: true };
  }

  /** Removes this resource's statement from each role, with bounded concurrency. */
  public removeFrom(roles: TargetRole[], policyName: string): Promise<RoleOutcome[]> {
    return mapWithConcurrency(roles, this.deps.concurrency, (role) => this.settle(role, async () => {
      if (this.outOfTime()) {
        throw new InputError(NOT_STARTED);
      }
      return this.removeOwnStatement(role, policyName);
    }));
  }

  /** Removes only the statement this resource wrote; other writers' statements stay. */
  public async removeOwnStatement(role: TargetRole, policyName: string): Promise<Omit<RoleOutcome, 'role'>> {
    let statements: TimeStatement[];
    try {
      statements = await this.readStatements(role, policyName);
    } catch (err) {
      // A document this library cannot read is not ours to change.
      if (err instanceof InputError) {
        log({ event: 'role-kept', role: role.name, reason: err.message });
        return { written: false };
      }
      throw err;
    }
    if (!statements.some((s) => s.sid === this.sid)) {
      return { written: false };
    }
    const rest = statements.filter((s) => s.sid !== this.sid);
    await this.call(() => rest.length > 0
      ? this.deps.iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: policyName, PolicyDocument: buildRevocationDocument(rest) }))
      : this.deps.iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: policyName })),
    ).catch((err) => {
      if (errorName(err) !== 'NoSuchEntity') {
        throw err;
      }
    });
    log({ event: 'role-removed', role: role.name, remainingStatements: rest.length });
    return { written: true };
  }

  /** The time statements of the existing policy; `InputError` when it holds anything else. */
  private async readStatements(role: TargetRole, policyName: string): Promise<TimeStatement[]> {
    let encoded: string | undefined;
    try {
      const res = await this.call(() => this.deps.iam.send(new GetRolePolicyCommand({ RoleName: role.name, PolicyName: policyName })));
      encoded = res.PolicyDocument;
    } catch (err) {
      // No such policy, or no such role: either way there is nothing to read.
      if (errorName(err) === 'NoSuchEntity') {
        return [];
      }
      throw err;
    }
    if (encoded === undefined) {
      return [];
    }
    const read = readRevocationDocument(decodeDocument(encoded));
    if (read.kind === 'unrecognized') {
      throw new InputError(`its existing policy "${policyName}" is not a time-based revocation this library can read (${read.reason}); `
        + 'it was left untouched: remove or rename it, or set a different policyName');
    }
    return read.statements;
  }

  /** Every role under a path, with what `revoke` needs to skip `GetRole`. */
  private async listRoles(pathPrefix: string): Promise<TargetRole[]> {
    const roles: TargetRole[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(() => this.deps.iam.send(new ListRolesCommand({ PathPrefix: pathPrefix, MaxItems: LIST_PAGE, Marker: marker })));
      for (const r of page.Roles ?? []) {
        const parts = r.Arn ? parseRoleArn(r.Arn) : undefined;
        if (parts) {
          roles.push({ ...parts, arn: r.Arn!, maxSessionSeconds: r.MaxSessionDuration ?? 3600 });
        }
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return roles;
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs, pacer: this.pacer });
  }
}

/** The cutoff to enforce, checked against the handler's clock. */
function resolveCutoff(request: RevocationRequest, nowMs: number): number {
  const cutoff = request.cutoff.mode === 'fixed' ? request.cutoff.epochMs : nowMs + request.cutoff.bufferMs;
  if (!request.allowFutureCutoff && cutoff > nowMs + MAX_FUTURE_MS) {
    throw new InputError(`cutoff ${formatInstant(cutoff)} is more than 1 hour after the deploy time ${formatInstant(nowMs)}, `
      + 'so it would also deny sessions issued until then; use an earlier cutoff, or set allowFutureCutoff: true');
  }
  return cutoff;
}

/** On Update, applies the removal policy to roles (or policy names) the new properties dropped. */
async function removeDropped(ops: RoleOps, request: RevocationRequest, current: Targets, oldProps: unknown): Promise<number> {
  if (!request.destroy) {
    return 0;
  }
  const previous = readPreviousTargets(oldProps);
  const before = await ops.resolve(previous);
  const kept = new Set(current.roles.map((r) => `${r.name}\n${request.policyName}`));
  const dropped = before.roles.filter((r) => !kept.has(`${r.name}\n${previous.policyName}`));
  const outcomes = await ops.removeFrom(dropped, previous.policyName);
  // A failed removal leaves a revocation in place: safe, so it is reported, not fatal. Failing here
  // would roll back and could undo the revocations this update just made.
  return outcomes.filter((o) => o.error).length;
}

/** Throws one message naming every failed role, clipped to fit the CloudFormation response. */
function throwIfFailed(verb: string, outcomes: RoleOutcome[]): void {
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length === 0) {
    return;
  }
  const done = outcomes.length - failed.length;
  const head = `failed to ${verb} ${failed.length} of ${outcomes.length} roles (${done} done and kept): `;
  let message = head;
  for (const [i, o] of failed.entries()) {
    const part = `${i > 0 ? '; ' : ''}${o.role.name}: ${o.error}`;
    const tail = ` … and ${failed.length - i} more (see the function's log)`;
    if (Buffer.byteLength(message + part + tail) > MAX_REASON_BYTES) {
      message += tail;
      break;
    }
    message += part;
  }
  const err = new Error(message);
  // The framework appends the stack to the reason; frames would only eat the 4 KB budget.
  err.stack = `Error: ${message}`;
  throw err;
}

function accountOf(functionArn: string | undefined): string | undefined {
  return /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(functionArn ?? '')?.[1];
}

function decodeDocument(encoded: string): string {
  // GetRolePolicy returns the document URL-encoded.
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function startedCutoff(data: Record<string, unknown> | undefined): number {
  const parsed = typeof data?.RequestedCutoff === 'string' ? parseInstant(data.RequestedCutoff) : undefined;
  if (!parsed?.ok) {
    throw new InputError(`the continuation carries no valid RequestedCutoff (received ${JSON.stringify(data?.RequestedCutoff) ?? 'nothing'}); `
      + 'deploy again to start a new run');
  }
  return parsed.epochMs;
}

function describeSkipped(skipped: Partial<Record<SkipCategory, number>>): string {
  const parts = Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function phaseFromEnv(): Phase {
  const phase = process.env.REVOKE_PHASE;
  return phase === 'start' || phase === 'continue' ? phase : 'sync';
}

/** Role ARNs or names, comma-separated, set by the construct: the provider's roles and the deploy roles. */
function protectedRolesFromEnv(): ReadonlySet<string> {
  return roleNameSet((process.env.REVOKE_PROTECTED_ROLES ?? '').split(',').map((s) => s.trim().replace(/^.*:role\/(?:.*\/)?/, '')).filter(Boolean));
}

function concurrencyFromEnv(): number {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}

function log(entry: Record<string, unknown>): void {
  // One JSON line per decision: role names and cutoffs, never policy documents or credentials.
  console.log(JSON.stringify(entry));
}

