/**
 * Retries and bounded concurrency for IAM calls. The SDK client runs with one attempt so this is
 * the only retry layer: attempts never multiply.
 */
import { Pacer } from './pacer';

/** Errors that retrying cannot fix. */
const PERMANENT = new Set([
  'LimitExceeded', 'MalformedPolicyDocument', 'UnmodifiableEntity', 'NoSuchEntity', 'AccessDenied',
  'InvalidInput', 'ValidationError',
]);

const THROTTLING = new Set(['Throttling', 'TooManyRequests', 'RequestLimitExceeded', 'SlowDown']);

const TRANSIENT = new Set([
  'ServiceFailure', 'ServiceUnavailable', 'InternalFailure', 'InternalError', 'RequestTimeout', 'TimeoutError',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'NetworkingError',
]);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** First backoff ceiling in ms; doubles per attempt (full jitter). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the caller must stop; no retry is started past it. */
  readonly remainingMs: () => number;
  readonly random?: () => number;
  /**
   * Paces every attempt. With a pacer, a throttled attempt is retried through it at once and is
   * not counted in `maxAttempts`; `maxThrottles` and the deadline bound those retries instead.
   */
  readonly pacer?: Pacer;
  readonly maxThrottles?: number;
}

/** Throttled attempts one paced call may make before it fails. */
const DEFAULT_MAX_THROTTLES = 100;

export const DEFAULT_RETRY: Omit<RetryOptions, 'remainingMs'> = {
  maxAttempts: 12,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The error's code as IAM sends it (`NoSuchEntity`), whether the SDK names its class
 * `NoSuchEntityException` or Node.js reports a socket error (`ECONNRESET`).
 */
export function errorName(err: unknown): string {
  const e = err as { name?: unknown; code?: unknown; Code?: unknown; message?: unknown };
  for (const v of [e?.Code, e?.code, e?.name]) {
    if (typeof v === 'string' && v !== 'Error') {
      return v.replace(/Exception$/, '');
    }
  }
  // The SDK wraps what it does not recognize as an Error ("AWS SDK error wrapper for TimeoutError:
  // socket hang up"), and the wrapper loses the code: read it back from the text.
  const message = typeof e?.message === 'string' ? e.message : '';
  const wrapped = /^AWS SDK error wrapper for (\w+)/.exec(message)?.[1];
  if (wrapped && wrapped !== 'Error') {
    return wrapped;
  }
  if (/socket hang up|ECONNRESET/.test(message)) {
    return 'ECONNRESET';
  }
  return 'Error';
}

export function isThrottling(err: unknown): boolean {
  return THROTTLING.has(errorName(err));
}

/** Whether another attempt may succeed. */
export function isRetryable(err: unknown): boolean {
  const name = errorName(err);
  if (PERMANENT.has(name)) {
    return false;
  }
  if (THROTTLING.has(name) || TRANSIENT.has(name)) {
    return true;
  }
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/** Runs `fn`, retrying retryable errors with capped exponential backoff and full jitter. */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  const pacer = options.pacer;
  let throttles = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await pacer?.acquire();
      const result = await fn();
      pacer?.served();
      return result;
    } catch (err) {
      if (!isThrottling(err)) {
        pacer?.served();
      } else if (pacer) {
        pacer.throttled();
        attempt--;
        if (++throttles < (options.maxThrottles ?? DEFAULT_MAX_THROTTLES) && options.remainingMs() > 0) {
          continue;
        }
        throw err;
      }
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.floor(random() * ceiling);
      if (attempt >= options.maxAttempts || !isRetryable(err) || options.remainingMs() <= delay) {
        throw err;
      }
      await options.sleep(delay);
    }
  }
}

/** Maps `items` with at most `limit` calls of `fn` running at once, keeping the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
