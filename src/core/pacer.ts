/**
 * Client-side pacing for IAM calls. IAM's rate limit is fixed and unpublished, so the handler
 * learns it: a token bucket whose rate grows until IAM throttles, then drops to the rate IAM
 * actually served over the last second. Throttled calls are retried through the bucket rather
 * than after a long backoff, so the account's rate is used, not wasted.
 */

export interface PacerOptions {
  /** Calls per second to start at. */
  readonly initialRate: number;
  /** Calls that may start at once while the bucket is full. */
  readonly burst: number;
  readonly minRate: number;
  readonly maxRate: number;
  /** A monotonic clock in ms. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_PACER: PacerOptions = {
  initialRate: 50,
  burst: 20,
  minRate: 1,
  maxRate: 1000,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Growth per served call: doubling per second until the first throttle; about 50 % per second
 * while below the rate of the last cut; about 5 % per second beyond it.
 */
const SLOW_START_STEP = 1;
const RECOVERY_STEP = 0.5;
const STEADY_STEP = 0.05;
const WINDOW_MS = 1000;

export class Pacer {
  private rate: number;
  private tokens: number;
  private refilledAt: number;
  private slowStart = true;
  private lastCutAt = -Infinity;
  private beforeCut = 0;
  private readonly answered: number[] = [];

  constructor(private readonly options: PacerOptions = DEFAULT_PACER) {
    this.rate = options.initialRate;
    this.tokens = options.burst;
    this.refilledAt = options.now();
  }

  /** The current rate, in calls per second. */
  public get callsPerSecond(): number {
    return this.rate;
  }

  /** Waits for a slot to start one call. */
  public async acquire(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.options.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.rate));
    }
  }

  /** IAM answered a call, with a result or an error other than throttling. */
  public served(): void {
    const now = this.options.now();
    this.answered.push(now);
    this.trim(now);
    // Back to the rate before the last cut quickly (a storm passes); past it, probe slowly.
    const step = this.slowStart ? SLOW_START_STEP : this.rate < this.beforeCut ? RECOVERY_STEP : STEADY_STEP;
    this.rate = Math.min(this.options.maxRate, this.rate + step);
  }

  /** A call was throttled: fall back to what IAM served in the last second, at most once a second. */
  public throttled(): void {
    const now = this.options.now();
    this.slowStart = false;
    this.tokens = 0;
    if (now - this.lastCutAt < WINDOW_MS) {
      return;
    }
    this.lastCutAt = now;
    this.beforeCut = this.rate;
    this.trim(now);
    // Never below half the current rate: a quiet last second is not a measurement of the limit.
    const served = Math.max(this.answered.length, this.rate / 2);
    this.rate = Math.max(this.options.minRate, Math.min(this.rate, served));
  }

  private refill(): void {
    const now = this.options.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  private trim(now: number): void {
    while (this.answered.length > 0 && this.answered[0] <= now - WINDOW_MS) {
      this.answered.shift();
    }
  }
}
