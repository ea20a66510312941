import * as fc from 'fast-check';
import { formatInstant, parseInstant } from '../../src/core/instant';
import { PropertySummary } from '../helpers/property-summary';

const summary = new PropertySummary('cutoff parsing');
afterAll(() => summary.print());

const STRICT_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** An instant written in any accepted form: any offset, 0 to 9 fraction digits. */
const written = fc.record({
  epochS: fc.integer({ min: 0, max: 253402214400 - 86400 * 2 }),
  offsetMin: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
  fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 9 }),
  colon: fc.boolean(),
});

test('every accepted instant normalizes to strict UTC Z, never earlier than written and less than 1 ms later', async () => {
  await summary.check(fc.property(written, ({ epochS, offsetMin, fraction, colon }) => {
    const local = new Date((epochS + offsetMin * 60) * 1000);
    const zone = offsetMin === 0 && !colon ? 'Z'
      : `${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(offsetMin / 60))}${colon ? ':' : ''}${pad(offsetMin % 60)}`;
    const text = `${local.toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}${zone}`;
    const result = parseInstant(text);
    if (!result.ok) {
      return local.getUTCFullYear() < 1970;
    }
    // In nanoseconds, exactly: doubles cannot hold a 9-digit fraction of a 2026 epoch.
    const exactNs = BigInt(epochS) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
    const gotNs = BigInt(result.epochMs) * 1_000_000n;
    return STRICT_UTC.test(result.iso) && gotNs >= exactNs && gotNs < exactNs + 1_000_000n
      && parseInstant(result.iso).ok && (parseInstant(result.iso) as { epochMs: number }).epochMs === result.epochMs
      && formatInstant(result.epochMs) === result.iso;
  }), 2000);
});

test('every refused input gets a message that shows it and says what to give instead', async () => {
  const anything = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom(...'0123456789-T:.Z+ '), maxLength: 30 }),
    fc.integer().map(String),
    written.map(({ epochS }) => new Date(epochS * 1000).toISOString().slice(0, 19)),
  );
  await summary.check(fc.property(anything, (text) => {
    const result = parseInstant(text);
    if (result.ok) {
      return STRICT_UTC.test(result.iso);
    }
    summary.rejected++;
    return result.reason.startsWith(`issuedBefore "${text}"`) && /2026-11-22T10:00:00Z|"Z"|-23:59/.test(result.reason)
      && result.reason === result.reason.replace(/^[A-Z]/, (c) => c.toLowerCase());
  }), 3000);
});

test('epoch numbers are always refused', async () => {
  const epochs = fc.oneof(fc.integer().map(String), fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`), fc.nat().map((n) => `+${n}`));
  await summary.check(fc.property(epochs, (text) => {
    const result = parseInstant(text);
    summary.rejected += result.ok ? 0 : 1;
    return !result.ok && result.reason.includes('looks like an epoch number');
  }), 500);
});
