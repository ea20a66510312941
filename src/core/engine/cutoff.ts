/**
 * The cutoff an event may put in force, decided by the resource's grant, never by the event alone:
 * a cutoff more than an hour ahead only as far as synth allowed, no cutoff at all only for a
 * construct deployed without one, and a deploy-time cutoff computed once per generation.
 */
import { createHash } from 'crypto';
import { ResourceGrant } from './grants';
import { InputError } from '../failure-report';
import { formatInstant } from '../instant';
import { MAX_FUTURE_MS, RequestedCutoff } from '../resource-props';

/**
 * The mark a deploy-time cutoff leaves on what it writes (a Sid suffix): the same generation and
 * buffer give the same mark, so a later event (a retry, an update, a rollback) finds the cutoff the
 * generation already put in force instead of reading the clock again.
 */
export function deployTimeMark(cutoff: RequestedCutoff): string | undefined {
  if (cutoff.mode !== 'deploy-time') {
    return undefined;
  }
  return createHash('sha256').update(`${cutoff.generation}\n${cutoff.bufferMs}`).digest('hex').slice(0, 8);
}

/**
 * The requested cutoff in ms (`Infinity`: no time condition), checked against the grant.
 *
 * @param markedInForce for a deploy-time cutoff, the latest cutoff the resource already wrote with
 * this generation's `deployTimeMark`, read from its targets; it is kept, and the clock is not read
 */
export function resolveRequestedCutoff(cutoff: RequestedCutoff, nowMs: number, grant: ResourceGrant, markedInForce?: number): number {
  switch (cutoff.mode) {
    case 'none':
      if (!grant.noCutoff) {
        throw new InputError('a revocation without a cutoff denies every session of its users for good, and only a construct deployed '
          + 'without issuedBefore may write one; give issuedBefore, or deploy the construct without it');
      }
      return Infinity;
    case 'fixed': {
      const bound = grant.future?.kind === 'until' ? grant.future.epochMs : nowMs + MAX_FUTURE_MS;
      if (cutoff.epochMs > Math.max(bound, nowMs + MAX_FUTURE_MS)) {
        throw new InputError(`cutoff ${formatInstant(cutoff.epochMs)} is more than 1 hour after the deploy time ${formatInstant(nowMs)}`
          + (grant.future?.kind === 'until' ? ` and later than the ${formatInstant(grant.future.epochMs)} this construct was deployed with` : '')
          + ', so it would also deny sessions issued until then; use an earlier cutoff, or deploy the construct with allowFutureCutoff and this cutoff');
      }
      return cutoff.epochMs;
    }
    case 'deploy-time': {
      if (markedInForce !== undefined) {
        return markedInForce;
      }
      const bound = grant.future?.kind === 'buffer' ? Math.max(grant.future.ms, MAX_FUTURE_MS) : MAX_FUTURE_MS;
      if (cutoff.bufferMs > bound) {
        throw new InputError(`deploy-time buffer of ${cutoff.bufferMs / 1000} seconds is longer than the ${bound / 1000} seconds this construct `
          + 'was deployed with, so it would also deny sessions issued until then; use a shorter buffer, or deploy the construct with allowFutureCutoff and this buffer');
      }
      return nowMs + cutoff.bufferMs;
    }
  }
}
