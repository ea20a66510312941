import * as fc from 'fast-check';
import { Cutoff } from '../../src';
import { formatInstant, parseInstant } from '../../src/core/instant';
import { UTC_INSTANT_PATTERN } from '../../src/cutoff/utc-instant-pattern';

// CloudFormation matches AllowedPattern as a Java regular expression; this one uses only
// syntax that Java and JavaScript read alike (anchors, classes, groups, bounded repeats).
const pattern = new RegExp(UTC_INSTANT_PATTERN);

describe('UTC_INSTANT_PATTERN', () => {
  test('is the public Cutoff.UTC_INSTANT_PATTERN', () => {
    expect(Cutoff.UTC_INSTANT_PATTERN).toBe(UTC_INSTANT_PATTERN);
  });

  test.each([
    '2026-11-22T10:00:00Z',
    '2026-11-22T10:00:00.085Z',
    '2026-11-22T10:00:00.123456789Z',
    '2024-02-29T23:59:59Z',
    '2026-12-31T00:00:00Z',
  ])('accepts %s', (value) => {
    expect(pattern.test(value)).toBe(true);
  });

  test.each([
    ['2026-11-22T10:00:00', 'no zone'],
    ['2026-11-22T11:00:00+01:00', 'an offset, not UTC'],
    ['2026-11-22T10:00Z', 'no seconds'],
    ['2026-11-22t10:00:00z', 'lowercase'],
    ['2026-11-22 10:00:00Z', 'a space'],
    ['2026-13-01T10:00:00Z', 'month 13'],
    ['2026-11-32T10:00:00Z', 'day 32'],
    ['2026-11-22T24:00:00Z', 'hour 24'],
    ['2026-11-22T10:60:00Z', 'minute 60'],
    ['2026-11-22T10:00:60Z', 'second 60'],
    ['2026-11-22T10:00:00.Z', 'an empty fraction'],
    ['2026-11-22T10:00:00.1234567890Z', 'ten fraction digits'],
    ['1763805600', 'an epoch'],
    [' 2026-11-22T10:00:00Z', 'a leading space'],
    ['2026-11-22T10:00:00Z\n', 'a trailing newline'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (value) => {
    expect(pattern.test(value)).toBe(false);
  });

  test('every instant the library writes matches, so an EffectiveCutoff can be pasted back as a parameter', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
      expect(formatInstant(ms)).toMatch(pattern);
    }));
  });

  test('whatever matches, the handler reads as the same instant or refuses as not a calendar date', () => {
    const d2 = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const candidate = fc.tuple(fc.integer({ min: 1970, max: 9999 }), d2(19), d2(39), d2(29), d2(69), d2(69),
      fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }))
      .map(([y, mo, d, h, mi, s, frac]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${frac === undefined ? '' : `.${frac}`}Z`)
      .filter((value) => pattern.test(value));
    fc.assert(fc.property(candidate, (value) => {
      const parsed = parseInstant(value);
      if (parsed.ok) {
        expect(Date.parse(parsed.iso)).toBe(parsed.epochMs);
        // Digits past the millisecond round up: never earlier, at most 1 ms later.
        const truncated = Date.parse(value.replace(/(\.\d{3})\d*Z$/, '$1Z'));
        expect([0, 1]).toContain(parsed.epochMs - truncated);
      } else {
        expect(parsed.reason).toContain('is not a valid calendar instant');
      }
    }));
  });
});
