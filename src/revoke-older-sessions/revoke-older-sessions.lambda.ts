import { IAMClient } from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { IamIo } from './io';
import { readPreviousTargets, readRequest } from './properties';
import { MAX_REASON_BYTES, removeAll, revokeAll, RunContext } from './revoke';
import { InputError, log } from '../core/failure-report';
import { formatInstant, parseInstant } from '../core/instant';
import { roleNameSet } from '../core/lockout';
import { Pacer } from '../core/pacer';
import { capabilitiesFor, FunctionGrants, functionGrantsFromEnv, ownerTag, serves } from '../core/ratchet';
import { resolveCutoff } from '../core/resource-props';
import { DEFAULT_RETRY } from '../core/retry';
import { ownerSid } from '../core/revocation-document';

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
export interface HandlerDeps extends FunctionGrants {
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

/** Retries stop this long before the Lambda timeout, so the failure is still reported. */
const DEADLINE_MARGIN_MS = 15_000;
/** One SDK call may not take longer than this: a hung connection is cut and retried. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * The physical id an asynchronous Create returns before its run completes. A Delete for it (the
 * rollback of a Create whose `isComplete` failed or timed out) removes nothing: what the run
 * revoked stays revoked. `isComplete` replaces it with the owner id once the run completes.
 */
export const PENDING_PREFIX = 'pending-';

export { MAX_REASON_BYTES };

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
    ...functionGrantsFromEnv(overrides),
  };

  return async (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<HandlerResponse | IsCompleteResponse> => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    const io = new IamIo(deps.iam, deps.concurrency, remainingMs, deps.sleep, deps.pacer(), log);
    const ownerId = ownerSid(event.StackId, event.LogicalResourceId);
    // An event naming a resource this function does not serve gets no capability: it may only add or raise.
    const capabilities = capabilitiesFor(deps.capabilities, deps.capableResources, event.StackId, event.LogicalResourceId);
    if (capabilities !== deps.capabilities && (deps.capabilities.remove || deps.capabilities.lower)) {
      log({ event: 'capability-refused', logicalId: event.LogicalResourceId, detail: 'this function removes or lowers only for the resources of its own stack it serves' });
    }
    const functionArn = /^arn:([^:]+):lambda:[^:]*:(\d{12}):/.exec(context?.invokedFunctionArn ?? '');
    const ctx = (dryRun: boolean): RunContext => ({
      io,
      log,
      protectedRoles: deps.protectedRoles,
      capabilities,
      partition: functionArn?.[1],
      account: functionArn?.[2],
      owner: ownerTag(event.StackId, event.LogicalResourceId),
      ownerSid: ownerId,
      dryRun,
    });
    const continuing = deps.phase === 'continue';
    const data = (event as { Data?: Record<string, unknown> }).Data;

    if (event.RequestType === 'Delete') {
      return onDelete(event.PhysicalResourceId, event.ResourceProperties, ownerId, { ...deps, capabilities }, data, ctx);
    }

    const asked = readRequest(event.ResourceProperties);
    // A cutoff far ahead denies every new session, and the ratchet would keep it: only for resources deployed so.
    const request = { ...asked, allowFutureCutoff: asked.allowFutureCutoff && serves(deps.futureResources, event.StackId, event.LogicalResourceId) };
    if (continuing && data?.Complete === 'true') {
      return { IsComplete: true };
    }
    // A continuation keeps the cutoff its start resolved: a deploy-time cutoff must not drift.
    const requestedMs = continuing
      ? resolveCutoff({ mode: 'fixed', epochMs: startedCutoff(data) }, deps.now(), request.allowFutureCutoff)
      : resolveCutoff(request.cutoff, deps.now(), request.allowFutureCutoff);
    const physicalId = event.RequestType === 'Create' ? ownerId : event.PhysicalResourceId;
    const oldProps = event.RequestType === 'Update' ? event.OldResourceProperties : undefined;

    const result = await revokeAll(ctx(request.dryRun), request, requestedMs, oldProps, deps.phase !== 'sync');
    if (!result.complete) {
      log({ event: 'incomplete', physicalId, requestedCutoff: formatInstant(requestedMs) });
      // The framework refuses Data from an incomplete isComplete; `start` hands the cutoff on in its Data.
      return continuing
        ? { IsComplete: false }
        : { PhysicalResourceId: event.RequestType === 'Create' ? PENDING_PREFIX + ownerId : physicalId, Data: { Complete: 'false', RequestedCutoff: formatInstant(requestedMs) } };
    }
    log({ event: event.RequestType.toLowerCase(), physicalId, ...result.data });
    switch (deps.phase) {
      case 'continue': return { IsComplete: true, ...(event.RequestType === 'Create' ? { PhysicalResourceId: ownerId } : {}), Data: result.data };
      case 'start': return { PhysicalResourceId: physicalId, Data: { ...result.data, Complete: 'true' } };
      default: return { PhysicalResourceId: physicalId, Data: result.data };
    }
  };
}

/**
 * Keeps every revocation unless this resource provably completed it (its physical id is the owner
 * id: never a failed or timed-out Create), its removal policy is `DESTROY`, it is no dry run, and
 * this function holds the `remove` capability. An event alone can never remove a revocation.
 */
async function onDelete(physicalId: string, props: unknown, ownerId: string, deps: HandlerDeps, data: Record<string, unknown> | undefined,
  ctx: (dryRun: boolean) => RunContext): Promise<HandlerResponse | IsCompleteResponse> {
  const continuing = deps.phase === 'continue';
  const previous = readPreviousTargets(props);
  const destroy = previous.destroy && !previous.dryRun && physicalId === ownerId;
  if (destroy && !deps.capabilities.remove) {
    log({ event: 'capability-missing', capability: 'remove', detail: 'RemovalPolicy destroy ignored: this function may not delete a revocation' });
  }
  if (!destroy || !deps.capabilities.remove || (continuing && data?.Complete === 'true')) {
    if (!continuing) {
      log({ event: 'delete', physicalId, retained: true });
    }
    return continuing ? { IsComplete: true } : { PhysicalResourceId: physicalId };
  }
  const { complete } = await removeAll(ctx(false), props, deps.phase !== 'sync');
  log({ event: complete ? 'delete' : 'incomplete', physicalId, retained: false });
  if (continuing) {
    return { IsComplete: complete };
  }
  return { PhysicalResourceId: physicalId, ...(deps.phase === 'start' ? { Data: { Complete: String(complete) } } : {}) };
}

/** The deployed entry point. */
export const handler = createHandler();

function startedCutoff(data: Record<string, unknown> | undefined): number {
  const parsed = typeof data?.RequestedCutoff === 'string' ? parseInstant(data.RequestedCutoff) : undefined;
  if (!parsed?.ok) {
    throw new InputError(`the continuation carries no valid RequestedCutoff (received ${JSON.stringify(data?.RequestedCutoff) ?? 'nothing'}); `
      + 'deploy again to start a new run');
  }
  return parsed.epochMs;
}

function phaseFromEnv(): Phase {
  const phase = process.env.REVOKE_PHASE;
  return phase === 'start' || phase === 'continue' ? phase : 'sync';
}

/** Role ARNs or names, comma-separated, set by the construct: every provider's roles and the deploy roles. */
function protectedRolesFromEnv(): ReadonlySet<string> {
  return roleNameSet((process.env.REVOKE_PROTECTED_ROLES ?? '').split(',').map((s) => s.trim().replace(/^.*:role\/(?:.*\/)?/, '')).filter(Boolean));
}

function concurrencyFromEnv(): number {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}
