/**
 * One custom resource's IAM client: every call retried, paced, and bounded by the Lambda deadline.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { reasonOf } from '../core/failure-report';
import { Pacer } from '../core/pacer';
import { DEFAULT_RETRY, withRetries } from '../core/retry';

/** No role is started this close to the deadline: its calls and their retries must fit. */
export const START_MARGIN_MS = 30_000;

/** The result of work on one role: its value, or the reason it failed (the other roles go on). */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export class IamIo {
  constructor(
    public readonly iam: IAMClient,
    public readonly concurrency: number,
    private readonly remainingMs: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly pacer: Pacer,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  /** Whether too little time is left to start another role. */
  public outOfTime(): boolean {
    return this.remainingMs() < START_MARGIN_MS;
  }

  public call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetries(fn, { ...DEFAULT_RETRY, sleep: this.sleep, remainingMs: this.remainingMs, pacer: this.pacer });
  }

  /** Runs `work` for one role; any error becomes that role's reason, logged with its name. */
  public async settle<T>(roleName: string, work: () => Promise<T>): Promise<Settled<T>> {
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      const reason = reasonOf(err);
      this.log({ event: 'role-failed', role: roleName, reason });
      return { ok: false, reason };
    }
  }
}
