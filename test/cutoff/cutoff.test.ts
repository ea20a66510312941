import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Cutoff } from '../../src';

describe('Cutoff.at', () => {
  test.each([
    ['2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z'],
    ['2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00Z'],
    ['2026-11-22T10:00:00.085Z', '2026-11-22T10:00:00.085Z'],
    ['2026-11-22T11:00:00+01:00', '2026-11-22T10:00:00Z'],
    ['2026-11-22T05:30:00-0430', '2026-11-22T10:00:00Z'],
    ['2026-11-22T10:00Z', '2026-11-22T10:00:00Z'],
    ['2026-11-22t10:00:00z', '2026-11-22T10:00:00Z'],
    ['2026-11-22T10:00:00.0001Z', '2026-11-22T10:00:00.001Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(Cutoff.at(input).issuedBefore).toBe(expected);
  });

  test.each([
    ['2026-11-22T10:00:00', 'issuedBefore "2026-11-22T10:00:00" has no time zone; append "Z" for UTC'],
    ['1763805600', 'issuedBefore "1763805600" looks like an epoch number; give an ISO 8601 instant with a zone'],
    ['1763805600000', 'looks like an epoch number'],
    ['not a date', 'issuedBefore "not a date" is not an ISO 8601 instant'],
    ['2026-11-22', 'is not an ISO 8601 instant; give a date, a time and a zone'],
    ['', 'issuedBefore "" is not an ISO 8601 instant'],
    ['2026-02-30T10:00:00Z', 'is not a valid calendar instant'],
    ['2025-02-29T10:00:00Z', 'is not a valid calendar instant'],
    ['2026-11-22T24:00:00Z', 'is not a valid calendar instant'],
    ['2026-11-22T10:60:00Z', 'is not a valid calendar instant'],
    ['1969-12-31T23:59:59Z', 'is not a valid calendar instant'],
    ['2026-11-22T10:00:00+24:00', 'has an invalid zone offset'],
    ['Sun, 22 Nov 2026 10:00:00 GMT', 'is not an ISO 8601 instant'],
  ])('refuses %j', (input, message) => {
    expect(() => Cutoff.at(input)).toThrow(message);
  });

  test('passes a token through for the handler to validate', () => {
    const token = Lazy.string({ produce: () => '2026-11-22T10:00:00Z' });
    expect(Cutoff.at(token).issuedBefore).toBe(token);
  });
});

describe('Cutoff.fromDate', () => {
  test('normalizes to UTC', () => {
    expect(Cutoff.fromDate(new Date(Date.UTC(2026, 10, 22, 10, 0, 0, 85))).issuedBefore).toBe('2026-11-22T10:00:00.085Z');
  });

  test('refuses an invalid date', () => {
    expect(() => Cutoff.fromDate(new Date('nope'))).toThrow('issuedBefore date is invalid (NaN)');
  });
});

describe('Cutoff.fromParameter', () => {
  test('uses the parameter value', () => {
    const stack = new Stack(new App(), 'S');
    const p = new CfnParameter(stack, 'IssuedBefore', { type: 'String' });
    expect(stack.resolve(Cutoff.fromParameter(p).issuedBefore)).toEqual({ Ref: 'IssuedBefore' });
  });
});

describe('Cutoff.deployTime', () => {
  test('has no instant at synth', () => {
    expect(Cutoff.deployTime({ generation: '1' }).issuedBefore).toBeUndefined();
  });

  test.each([
    [{ generation: '' }, 'generation "" must be 1 to 256 characters'],
    [{ generation: 'x'.repeat(257) }, 'must be 1 to 256 characters'],
    [{ generation: '1', buffer: Duration.millis(1500) }, 'buffer must be a whole, non-negative number of seconds; received 1.5'],
  ])('refuses %j', (options, message) => {
    expect(() => Cutoff.deployTime(options)).toThrow(message);
  });
});
