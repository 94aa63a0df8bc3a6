import type { TimerClock } from "@rill/protocol/time";

/** The driver's source of time (the shared TimerClock), injected so tests can step it by hand. */
export type DriverClock = TimerClock;
export { systemClock } from "@rill/protocol/time";

/**
 * A clock that moves only when told: `advance(ms)` runs due timers and intervals in time order.
 * For tests and the in-memory cluster.
 */
export class ManualClock implements DriverClock {
  #time = 0;
  #nextId = 1;
  readonly #timers = new Map<
    number,
    { dueMs: number; intervalMs: number | undefined; callback: () => void }
  >();

  now(): number {
    return this.#time;
  }

  setInterval(callback: () => void, intervalMs: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { dueMs: this.#time + intervalMs, intervalMs, callback });
    return id;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { dueMs: this.#time + delayMs, intervalMs: undefined, callback });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  advance(ms: number): void {
    const target = this.#time + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextDue = Number.POSITIVE_INFINITY;
      for (const [id, timer] of this.#timers) {
        if (timer.dueMs <= target && timer.dueMs < nextDue) {
          nextDue = timer.dueMs;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.#timers.get(nextId) as {
        dueMs: number;
        intervalMs: number | undefined;
        callback: () => void;
      };
      this.#time = timer.dueMs;
      if (timer.intervalMs === undefined) this.#timers.delete(nextId);
      else timer.dueMs += timer.intervalMs;
      timer.callback();
    }
    this.#time = target;
  }
}
