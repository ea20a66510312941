/**
 * The handler as the tests build it: a fixed deploy time, no waiting, no pacing.
 */
import { DEFAULT_PACER, Pacer } from '../../src/core/pacer';
import { Capabilities } from '../../src/core/ratchet';
import { createHandler, HandlerDeps } from '../../src/revoke-older-sessions/revoke-older-sessions.lambda';

/** The handler's clock in every handler test: 30 minutes after the usual cutoff. */
export const NOW = Date.parse('2026-11-22T10:30:00Z');

/** Pacing has its own tests and the throughput benchmark; elsewhere it must never wait. */
export const unpaced = (): Pacer => new Pacer({ ...DEFAULT_PACER, initialRate: 1e6, burst: 1e6, sleep: async () => undefined });

/** What the default construct's function may do: only add or raise revocations. */
export const MONOTONIC: Capabilities = { remove: false, lower: false };
/** The function of a provider serving `DESTROY` and `allowEarlierCutoff` constructs. */
export const ALL_CAPABILITIES: Capabilities = { remove: true, lower: true };

/**
 * A handler at `NOW`, with no backoff waits, no pacing, no protected roles, 4 workers, and every
 * capability for every resource (tests of the default, monotonic function pass `capabilities: MONOTONIC`); any of it
 * can be overridden.
 */
export function testHandler(overrides: Partial<HandlerDeps> = {}): ReturnType<typeof createHandler> {
  return createHandler({
    now: () => NOW,
    sleep: async () => undefined,
    pacer: unpaced,
    protectedRoles: new Set(),
    concurrency: 4,
    capabilities: ALL_CAPABILITIES,
    capableResources: 'any',
    futureResources: 'any',
    ...overrides,
  });
}
