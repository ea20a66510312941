import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Cutoff } from './cutoff';
import { formatInstant } from '../core/instant';

/** Federation tokens last up to 36 hours, the longest session IAM issues. */
export const LONGEST_SESSION_MS = 36 * 60 * 60 * 1000;

export const CUTOFF_REVOKES_NOTHING_WARNING = 'cdk-revoke-sessions:cutoffRevokesNothing';

/**
 * The clock synth warns against. Synth reads it only to warn or refuse, never to change the
 * template; tests pin it (`test/helpers/synth-clock.ts`) so warnings do not depend on the day.
 */
export const synthClock = { now: (): number => Date.now() };

/**
 * Warns (acknowledgeably) when a cutoff known at synth is older than the longest session IAM
 * issues: every session it denies has expired already, so it revokes nothing. A year typo
 * (2025 for 2026) is the usual cause. Every construct that takes a `Cutoff` should call it.
 */
export function warnIfCutoffRevokesNothing(scope: IConstruct, cutoff: Cutoff): void {
  const epochMs = cutoff._spec().epochMs;
  if (epochMs === undefined) {
    return;
  }
  const now = synthClock.now();
  if (epochMs >= now - LONGEST_SESSION_MS) {
    return;
  }
  Annotations.of(scope).addWarningV2(CUTOFF_REVOKES_NOTHING_WARNING, `issuedBefore ${formatInstant(epochMs)} is more than `
    + `36 hours before synth (${formatInstant(Math.floor(now / 1000) * 1000)}), and no IAM session lasts longer, so it revokes no live session; `
    + 'check the date (a mistyped year?), or use a recent cutoff or Cutoff.deployTime()');
}
