import {
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
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
import { formatInstant } from '../shared/instant';
import { DEFAULT_RETRY, errorName, mapWithConcurrency, withRetries } from '../shared/retry';
import {
  buildRevocationDocument,
  latestCutoff,
  ownerSid,
  readRevocationDocument,
  TimeStatement,
} from '../shared/revocation-document';
import { protectedRoleReason } from '../shared/role-target';

/** What the Provider framework expects back. */
export interface HandlerResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** Collaborators, replaceable in tests. */
export interface HandlerDeps {
  readonly iam: IAMClient;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly concurrency: number;
}

/** The failure message must fit CloudFormation's 4 KB response beside the framework's additions. */
export const MAX_REASON_BYTES = 3000;
/** Retries stop this long before the Lambda timeout, so the failure is still reported. */
const DEADLINE_MARGIN_MS = 15_000;

interface RoleOutcome {
  readonly role: TargetRole;
  readonly error?: string;
  readonly appliedMs?: number;
  readonly maxSessionSeconds?: number;
  readonly written?: boolean;
}

/** Builds the `onEvent` handler. */
export function createHandler(overrides: Partial<HandlerDeps> = {}) {
  const deps: HandlerDeps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    iam: overrides.iam ?? new IAMClient({ maxAttempts: 1 }),
    now: overrides.now ?? Date.now,
    sleep: overrides.sleep ?? DEFAULT_RETRY.sleep,
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
  };

  return async (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<HandlerResponse> => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    const ops = new RoleOps(deps, remainingMs, ownerSid(event.StackId, event.LogicalResourceId));
    const physicalId = event.RequestType === 'Create' ? ops.sid : event.PhysicalResourceId;
    const account = accountOf(context?.invokedFunctionArn);

    if (event.RequestType === 'Delete') {
      // Keep every revocation unless this resource provably wrote it: a physical id this handler
      // never issued (a failed Create) or unreadable properties prove nothing.
      const previous = readPreviousTargets(event.ResourceProperties);
      const destroy = previous.destroy && event.PhysicalResourceId === ops.sid;
      if (destroy) {
        throwIfFailed('remove the revocation from', await ops.removeFrom(previous.roles, previous.policyName));
      }
      log({ event: 'delete', physicalId, retained: !destroy });
      return { PhysicalResourceId: physicalId };
    }

    const request = readRequest(event.ResourceProperties);
    const requestedMs = resolveCutoff(request, deps.now());
    const outcomes = await mapWithConcurrency(request.roles, deps.concurrency, (role) => ops.settle(role, async () => {
      if (account && role.account !== account) {
        throw new InputError(`it is in account ${role.account}, but this function runs in ${account}; revoke it from a stack deployed to that account`);
      }
      return ops.revoke(role, request, requestedMs);
    }));
    const warnings = event.RequestType === 'Update'
      ? await removeDropped(ops, request, event.OldResourceProperties)
      : 0;
    throwIfFailed('revoke', outcomes);

    const applied = outcomes.map((o) => o.appliedMs!);
    const mootAfter = Math.max(...outcomes.map((o) => o.appliedMs! + o.maxSessionSeconds! * 1000));
    const data = {
      EffectiveCutoff: formatInstant(Math.min(...applied)),
      RequestedCutoff: formatInstant(requestedMs),
      MootAfter: formatInstant(mootAfter),
      RolesRevoked: String(outcomes.length),
      RolesWritten: String(outcomes.filter((o) => o.written).length),
      RemovalWarnings: String(warnings),
    };
    log({ event: event.RequestType.toLowerCase(), physicalId, ...data });
    return { PhysicalResourceId: physicalId, Data: data };
  };
}

/** The deployed entry point. */
export const handler = createHandler();

/** IAM calls for one custom resource, each retried and bounded by the Lambda deadline. */
class RoleOps {
  constructor(private readonly deps: HandlerDeps, private readonly remainingMs: () => number, public readonly sid: string) {}

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
    const got = await this.call(() => this.deps.iam.send(new GetRoleCommand({ RoleName: role.name })));
    const refused = protectedRoleReason(got.Role?.Path, role.name);
    if (refused) {
      throw new InputError(refused);
    }
    const maxSessionSeconds = got.Role?.MaxSessionDuration ?? 3600;
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
    return mapWithConcurrency(roles, this.deps.concurrency,
      (role) => this.settle(role, () => this.removeOwnStatement(role, policyName)));
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

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetries(fn, { ...DEFAULT_RETRY, sleep: this.deps.sleep, remainingMs: this.remainingMs });
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
async function removeDropped(ops: RoleOps, request: RevocationRequest, oldProps: unknown): Promise<number> {
  if (!request.destroy) {
    return 0;
  }
  const previous = readPreviousTargets(oldProps);
  const kept = new Set(request.roles.map((r) => `${r.name}\n${request.policyName}`));
  const dropped = previous.roles.filter((r) => !kept.has(`${r.name}\n${previous.policyName}`));
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

function concurrencyFromEnv(): number {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}

function log(entry: Record<string, unknown>): void {
  // One JSON line per decision: role names and cutoffs, never policy documents or credentials.
  console.log(JSON.stringify(entry));
}

