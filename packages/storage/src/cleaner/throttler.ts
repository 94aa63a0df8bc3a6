/**
 * Kafka's cleaner Throttler: keeps the cleaner's I/O (bytes read plus bytes written) at or below
 * `bytesPerSecondMax` on average, by sleeping once the bytes counted in the current period are
 * ahead of what the rate allows for the time elapsed. A new period starts once one lasted
 * `periodMs`, so an idle spell does not buy a later burst. Clock and sleep are injected.
 */
export class Throttler {
  readonly #bytesPerSecondMax: number;
  readonly #clock: { now(): number };
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #periodMs: number;
  #periodStartMs: number;
  #periodBytes = 0;

  constructor(options: {
    /** log.cleaner.io.max.bytes.per.second; Infinity = unthrottled (Kafka's default). */
    readonly bytesPerSecondMax: number;
    readonly clock: { now(): number };
    readonly sleep: (ms: number) => Promise<void>;
    readonly periodMs?: number;
  }) {
    if (!(options.bytesPerSecondMax > 0)) {
      throw new RangeError(`log.cleaner.io.max.bytes.per.second ${options.bytesPerSecondMax} must be > 0`);
    }
    this.#bytesPerSecondMax = options.bytesPerSecondMax;
    this.#clock = options.clock;
    this.#sleep = options.sleep;
    this.#periodMs = options.periodMs ?? 1_000;
    this.#periodStartMs = options.clock.now();
  }

  /** Counts `bytes` of I/O and sleeps as long as the rate requires; returns the ms slept. */
  async throttle(bytes: number): Promise<number> {
    if (this.#bytesPerSecondMax === Number.POSITIVE_INFINITY) return 0;
    const nowMs = this.#clock.now();
    this.#periodBytes += bytes;
    const elapsedMs = nowMs - this.#periodStartMs;
    const dueMs = (this.#periodBytes * 1000) / this.#bytesPerSecondMax;
    const aheadMs = Math.max(0, Math.ceil(dueMs - elapsedMs));
    if (aheadMs > 0) await this.#sleep(aheadMs);
    if (elapsedMs + aheadMs >= this.#periodMs) {
      this.#periodStartMs = nowMs + aheadMs;
      this.#periodBytes = 0;
    }
    return aheadMs;
  }
}
