/**
 * The handler of `Custom::RevokeOrganizationSessions`: the organization writer (`scp-writer.ts`)
 * on the revocation engine, with its grants and the stack's own roles from the function's
 * environment (never from the event).
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { STACK_ROLES_ENV } from './properties';
import { scpWriter, ScpWriterDeps } from './scp-writer';
import { grantsFromEnv } from '../core/engine/grants';
import { createRevocationHandler, EngineDeps, EngineResponse, Phase } from '../core/engine/handler';
import { defaultStackReader } from '../core/engine/removal-gate';
import { log, withConflictRetries } from '../core/failure-report';
import { DEFAULT_RETRY } from '../core/retry';

const DEADLINE_MARGIN_MS = 15_000;
const REQUEST_TIMEOUT_MS = 10_000;
const PHASES: readonly Phase[] = ['sync', 'start', 'continue'];

/** Collaborators, replaceable in tests; the rest comes from the function's environment. */
export type OrganizationHandlerDeps = Partial<Omit<ScpWriterDeps, 'remainingMs'>> & Partial<EngineDeps>;

/** Builds the handler; the deployed entry point is `handler`. */
export function createOrganizationHandler(o: OrganizationHandlerDeps = {}, env: Record<string, string | undefined> = process.env) {
  let remainingMs = () => 900_000 - DEADLINE_MARGIN_MS;
  const sleep = o.sleep ?? DEFAULT_RETRY.sleep;
  const call = <T>(fn: () => Promise<T>) => withConflictRetries(fn, { ...DEFAULT_RETRY, sleep, remainingMs: () => remainingMs() });
  const grants = o.grants ?? grantsFromEnv(env);
  const writer = scpWriter({
    // One attempt per SDK call: the retry layer is the only one.
    org: o.org ?? new OrganizationsClient({ maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } }),
    sleep,
    remainingMs: () => remainingMs(),
    stackRoles: o.stackRoles ?? (env[STACK_ROLES_ENV] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    stackArn: o.stackArn ?? (typeof grants === 'function' ? '' : grants.stackId),
    log: o.log ?? log,
  });
  const phase = o.phase ?? (PHASES.find((p) => p === env.REVOKE_PHASE) ?? 'sync');
  const engine = createRevocationHandler(writer, {
    now: o.now ?? Date.now,
    phase,
    grants,
    stack: o.stack ?? defaultStackReader(call),
    log: o.log ?? log,
  });
  return (event: CloudFormationCustomResourceEvent, context?: Partial<Context>): Promise<EngineResponse> => {
    remainingMs = () => (context?.getRemainingTimeInMillis?.() ?? 900_000) - DEADLINE_MARGIN_MS;
    return engine(event);
  };
}

/** The deployed entry point. */
export const handler = createOrganizationHandler();
