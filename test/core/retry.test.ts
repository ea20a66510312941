import { errorName, isRetryable, isThrottling, mapWithConcurrency, withRetries } from '../../src/core/retry';
import { iamError } from '../helpers/events';

describe('error classification', () => {
  test('uses IAM\'s code, not the SDK class name', () => {
    expect(errorName(iamError('NoSuchEntity'))).toBe('NoSuchEntity');
    expect(errorName(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe('Throttling');
    expect(errorName(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(errorName(new Error('plain'))).toBe('Error');
    expect(errorName(undefined)).toBe('Error');
  });

  test.each([
    ['Throttling', true], ['ServiceFailure', true], ['LimitExceeded', false], ['MalformedPolicyDocument', false],
    ['UnmodifiableEntity', false], ['NoSuchEntity', false], ['AccessDenied', false], ['ConcurrentModification', false],
  ])('%s retryable: %s', (code, expected) => {
    expect(isRetryable(iamError(code))).toBe(expected);
  });

  test('any 5xx is retryable; socket errors are retryable', () => {
    expect(isRetryable(iamError('Weird', 'x', 503))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isThrottling(iamError('Throttling'))).toBe(true);
    expect(isThrottling(iamError('ServiceFailure', 'x', 500))).toBe(false);
  });
});

describe('withRetries', () => {
  test('backs off with full jitter under a doubling, capped ceiling', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw iamError('Throttling'); }, {
      maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999, sleep: async (ms) => { sleeps.push(ms); }, remainingMs: () => 1e9,
    })).rejects.toThrow('Throttling');
    expect(calls).toBe(8);
    expect(sleeps).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  test('returns the first success', async () => {
    let calls = 0;
    const value = await withRetries(async () => { if (++calls < 3) { throw iamError('Throttling'); } return 'ok'; }, {
      maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined, remainingMs: () => 1e9,
    });
    expect([value, calls]).toEqual(['ok', 3]);
  });
});

test('mapWithConcurrency keeps order and handles fewer items than workers', async () => {
  expect(await mapWithConcurrency([3, 1, 2], 10, async (n) => n * 2)).toEqual([6, 2, 4]);
  expect(await mapWithConcurrency([], 4, async (n: number) => n)).toEqual([]);
});
