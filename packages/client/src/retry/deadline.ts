import type { Clock } from "./clock.js";

/**
 * The moment an operation must be finished by. Every client operation has one: it bounds the
 * retries, the backoff sleeps and each attempt's gRPC deadline, so nothing can hang.
 */
export class Deadline {
  readonly expiresAtMs: number;
  readonly #clock: Clock;

  constructor(clock: Clock, timeoutMs: number) {
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.#clock = clock;
    this.expiresAtMs = clock.now() + timeoutMs;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAtMs - this.#clock.now());
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}
