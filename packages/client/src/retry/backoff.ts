/**
 * Exponential backoff with jitter (Kafka's retry.backoff.ms / retry.backoff.max.ms, KIP-580):
 * attempt n waits initialMs × multiplier^(n-1), capped at maxMs, then spread by ±jitter so that
 * many clients retrying after the same failure do not come back in lockstep.
 */
export interface BackoffOptions {
  /** The wait before the first retry (Kafka retry.backoff.ms); default 100. */
  readonly initialMs?: number;
  /** The longest wait (Kafka retry.backoff.max.ms); default 1000. */
  readonly maxMs?: number;
  /** Growth per retry; default 2. */
  readonly multiplier?: number;
  /** Relative spread, 0 to 1: the wait is scaled by a factor in [1 - jitter, 1 + jitter]; default 0.2. */
  readonly jitter?: number;
  /** Randomness, injected for determinism; default Math.random. */
  readonly random?: () => number;
}

export const backoffDefaults = {
  initialMs: 100,
  maxMs: 1_000,
  multiplier: 2,
  jitter: 0.2,
} as const;

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly multiplier: number;
  readonly jitter: number;
  readonly #random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? backoffDefaults.initialMs;
    this.maxMs = options.maxMs ?? backoffDefaults.maxMs;
    this.multiplier = options.multiplier ?? backoffDefaults.multiplier;
    this.jitter = options.jitter ?? backoffDefaults.jitter;
    this.#random = options.random ?? Math.random;
    if (!(this.initialMs >= 0 && this.maxMs >= this.initialMs)) {
      throw new RangeError(`backoff: need 0 <= initialMs (${this.initialMs}) <= maxMs (${this.maxMs})`);
    }
    if (!(this.multiplier >= 1)) throw new RangeError(`backoff: multiplier ${this.multiplier} is below 1`);
    if (!(this.jitter >= 0 && this.jitter <= 1))
      throw new RangeError(`backoff: jitter ${this.jitter} not in [0, 1]`);
  }

  /** The wait before retry number `retry` (1 for the first retry), in ms. */
  delayMs(retry: number): number {
    if (!(Number.isInteger(retry) && retry >= 1)) throw new RangeError(`backoff: retry ${retry} is not >= 1`);
    const exponential = Math.min(this.maxMs, this.initialMs * this.multiplier ** (retry - 1));
    const factor = 1 - this.jitter + 2 * this.jitter * this.#random();
    return Math.max(0, Math.round(exponential * factor));
  }
}
