/**
 * The handler as the tests build it: a fixed deploy time, no waiting, no pacing.
 */
import { NOTHING_SPARED, ResourceGrant } from '../../src/core/engine/grants';
import { StackReader } from '../../src/core/engine/removal-gate';
import { DEFAULT_PACER, Pacer } from '../../src/core/pacer';
import { createHandler, HandlerDeps } from '../../src/revoke-older-sessions/revoke-older-sessions.lambda';

/** The handler's clock in every handler test: 30 minutes after the usual cutoff. */
export const NOW = Date.parse('2026-11-22T10:30:00Z');

/** Pacing has its own tests and the throughput benchmark; elsewhere it must never wait. */
export const unpaced = (): Pacer => new Pacer({ ...DEFAULT_PACER, initialRate: 1e6, burst: 1e6, sleep: async () => undefined });

/** What the default construct's resource may do: only add or raise revocations. */
export const MONOTONIC: ResourceGrant = { remove: false, lower: false, noCutoff: false, narrowing: NOTHING_SPARED };
/** A resource deployed with `RemovalPolicy.DESTROY` and `allowEarlierCutoff`. */
export const ALL_CAPABILITIES: ResourceGrant = { remove: true, lower: true, noCutoff: false, narrowing: NOTHING_SPARED };

/** What CloudFormation answers while it deletes the stack: every Delete it sends then is final. */
export const DELETING_STACK: StackReader = { stackStatus: async () => 'DELETE_IN_PROGRESS', resource: async () => undefined };
/** What CloudFormation answers while the stack is idle: a Delete then comes from no deployment. */
export const IDLE_STACK: StackReader = { stackStatus: async () => 'UPDATE_COMPLETE', resource: async () => undefined };

/**
 * A handler at `NOW`, with no backoff waits, no pacing, no protected roles, 4 workers, every
 * resource granted removal and lowering (tests of the default pass `grants: () => MONOTONIC`), in
 * the `sync` phase, and a stack that is being deleted; any of it can be overridden.
 */
export function testHandler(overrides: Partial<HandlerDeps> = {}): ReturnType<typeof createHandler> {
  return createHandler({
    now: () => NOW,
    sleep: async () => undefined,
    pacer: unpaced,
    protectedRoles: new Set(),
    concurrency: 4,
    grants: () => ALL_CAPABILITIES,
    stack: DELETING_STACK,
    phase: 'sync',
    ...overrides,
  });
}
