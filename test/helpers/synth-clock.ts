/**
 * Jest setup: synth warns when a literal cutoff is older than 36 hours. Tests use literal
 * cutoffs from November 2026, so the clock synth warns against is pinned to one instant, or
 * those tests would start to warn on a later day. A test of the warning sets its own clock.
 */
import { synthClock } from '../../src/cutoff/revokes-nothing';

export const PINNED_SYNTH_CLOCK = Date.parse('2026-11-22T12:00:00Z');
synthClock.now = () => PINNED_SYNTH_CLOCK;
