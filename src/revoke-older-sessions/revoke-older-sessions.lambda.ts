/**
 * The `RevokeOlderSessions` function: the engine (`createRevocationHandler`) driving the per-role
 * writer (`writer.ts`), with its IAM client, clock, pacing and grants. Everything that could
 * weaken a revocation comes from this function's environment, set at synth, per resource.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { IamIo } from './io';
import { iamWriter } from './writer';
import { grantsFromEnv } from '../core/engine/grants';
import { createRevocationHandler, EngineDeps, EngineResponse, Phase } from '../core/engine/handler';
import { defaultStackReader } from '../core/engine/removal-gate';
import { log } from '../core/failure-report';
import { roleNameSet } from '../core/lockout';
import { Pacer } from '../core/pacer';
import { DEFAULT_RETRY, withRetries } from '../core/retry';

export { MAX_REASON_BYTES } from '../core/failure-report';
export type { Phase };
/** What the Provider framework gets back from `onEvent` (and, in the `continue` phase, `isComplete`). */
export type HandlerResponse = EngineResponse;

/** Collaborators, replaceable in tests. */
export interface HandlerDeps {
  readonly iam: IAMClient;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly concurrency: number;
  /** A fresh pacer per invocation: each one learns IAM's rate again. */
  readonly pacer: () => Pacer;
  /** Names of roles that must never be revoked: the library's own and the stack's deploy roles. */
  readonly protectedRoles: ReadonlySet<string>;
  readonly phase: Phase;
  /** Each resource's grant: from the environment; `(stackId, logicalId) => grant` in tests. */
  readonly grants: EngineDeps['grants'];
  /** What the removal gate asks CloudFormation; CloudFormation itself by default. */
  readonly stack?: EngineDeps['stack'];
}

/** Retries stop this long before the Lambda timeout, so the failure is still reported. */
const DEADLINE_MARGIN_MS = 15_000;
/** One SDK call may not take longer than this: a hung connection is cut and retried. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Builds the handler: `onEvent`, or `isComplete` in the `continue` phase. */
export function createHandler(overrides: Partial<HandlerDeps> = {}) {
  const sleep = overrides.sleep ?? DEFAULT_RETRY.sleep;
  const deps: HandlerDeps = {
    // One attempt per SDK call: `withRetries` is the only retry layer.
    iam: overrides.iam ?? new IAMClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    now: overrides.now ?? Date.now,
    sleep,
    concurrency: overrides.concurrency ?? concurrencyFromEnv(),
    pacer: overrides.pacer ?? (() => new Pacer()),
    protectedRoles: roleNameSet(overrides.protectedRoles ?? protectedRolesFromEnv()),
    phase: overrides.phase ?? phaseFromEnv(),
    grants: overrides.grants ?? grantsFromEnv(),
    stack: overrides.stack,
  };

  return async (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<HandlerResponse> => {
    const remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    const functionArn = /^arn:([^:]+):lambda:[^:]*:(\d{12}):/.exec(context?.invokedFunctionArn ?? '');
    const writer = iamWriter({
      io: new IamIo(deps.iam, deps.concurrency, remainingMs, deps.sleep, deps.pacer(), log),
      log,
      protectedRoles: deps.protectedRoles,
      partition: functionArn?.[1],
      account: functionArn?.[2],
      mayContinue: deps.phase !== 'sync',
    });
    const stack = deps.stack ?? defaultStackReader((fn) => withRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs }));
    return createRevocationHandler(writer, { now: deps.now, phase: deps.phase, grants: deps.grants, stack, log })(event);
  };
}

/** The deployed entry point. */
export const handler = createHandler();

function phaseFromEnv(): Phase {
  const phase = process.env.REVOKE_PHASE;
  return phase === 'start' || phase === 'continue' ? phase : 'sync';
}

/** Role names (an ARN is read as its name), comma-separated, set by the construct: every provider's roles and the deploy roles. */
function protectedRolesFromEnv(): ReadonlySet<string> {
  return roleNameSet((process.env.REVOKE_PROTECTED_ROLES ?? '').split(',').map((s) => s.trim().replace(/^.*:role\/(?:.*\/)?/, '')).filter(Boolean));
}

function concurrencyFromEnv(): number {
  const n = Number(process.env.REVOKE_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 64 ? n : 8;
}
