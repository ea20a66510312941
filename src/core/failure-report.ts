/**
 * One failure message for many targets (roles, accounts, permission sets), clipped to fit the
 * CloudFormation response, and the retry of conflicting writes that Organizations and Identity
 * Center answer while another change is under way. Free of aws-cdk-lib: handlers bundle it.
 */
import { errorName, RetryOptions, withRetries } from './retry';

/** The failure message must fit CloudFormation's 4 KB response beside the framework's additions. */
export const MAX_REASON_BYTES = 3000;

/** One target that failed, and why. */
export interface TargetFailure {
  readonly name: string;
  readonly reason: string;
}

/**
 * `failed to <verb> <n> of <total> <noun> (<done> done and kept[; <kept>]): a: why; b: why … and 3 more`
 * (`<done> removed` when the verb is a removal),
 * clipped to `MAX_REASON_BYTES`. `undefined` when nothing failed.
 *
 * @param kept what a rollback does with what was done, e.g. `a rollback keeps them too`
 */
export function failureMessage(verb: string, noun: string, total: number, failures: readonly TargetFailure[], kept?: string): string | undefined {
  if (failures.length === 0) {
    return undefined;
  }
  // What succeeded stays as it is: written revocations stay in force, removed ones stay removed.
  const done = /^remove\b/.test(verb) ? 'removed' : 'done and kept';
  let message = `failed to ${verb} ${failures.length} of ${total} ${noun} (${total - failures.length} ${done}${kept ? `; ${kept}` : ''}): `;
  for (const [i, f] of failures.entries()) {
    const part = `${i > 0 ? '; ' : ''}${f.name}: ${f.reason}`;
    const tail = ` … and ${failures.length - i} more (see the function's log)`;
    if (Buffer.byteLength(message + part + tail) > MAX_REASON_BYTES) {
      return message + tail;
    }
    message += part;
  }
  return message;
}

/** Throws `failureMessage` as an error whose stack adds nothing to the 4 KB response. */
export function throwIfFailed(verb: string, noun: string, total: number, failures: readonly TargetFailure[], kept?: string): void {
  const message = failureMessage(verb, noun, total, failures, kept);
  if (message !== undefined) {
    const err = new Error(message);
    err.stack = `Error: ${message}`;
    throw err;
  }
}

/** The reason of an error, as a target's failure shows it: `<Code>: <message>`. */
export function reasonOf(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  return err instanceof Error && err.name === 'InputError' ? message : `${errorName(err)}: ${message}`;
}

/** Errors that mean "another change is under way": the same write succeeds once it is done. */
const CONFLICTS = new Set(['ConcurrentModification', 'Conflict']);
const MAX_CONFLICT_ATTEMPTS = 6;

/**
 * `withRetries`, plus a few spaced retries of conflicts (`ConcurrentModificationException`,
 * `ConflictException`), which arrive as HTTP 400 and are otherwise permanent.
 */
export async function withConflictRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withRetries(fn, options);
    } catch (err) {
      const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
      if (!CONFLICTS.has(errorName(err)) || attempt >= MAX_CONFLICT_ATTEMPTS || options.remainingMs() <= delay) {
        throw err;
      }
      await options.sleep(delay);
    }
  }
}

/** Bad input: the request is refused before anything is written. */
export class InputError extends Error {
  public readonly name = 'InputError';
}

/** Writes one JSON log line: names, ids and cutoffs, never policy documents or credentials. */
export function log(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
