/**
 * Time, in one place: the clock interfaces that code takes so tests can drive time by hand, the
 * system clock, an abortable sleep and a promise deadline. Pure cores take none of these (their
 * callers pass `now` or tick them); drivers, clients and servers do.
 */
import { setTimeout as delay } from "node:timers/promises";
import { RillError } from "../errors/rill-error.js";

/** Wall-clock milliseconds (Date.now) as a component sees them. */
export interface Clock {
  now(): number;
}

/** A clock that can also wait (clients: deadlines and backoff). */
export interface SleepingClock extends Clock {
  /** Resolves after `delayMs`, or early (without error) when `signal` aborts. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

/** A clock that also runs timers (drivers that a test steps by hand). */
export interface TimerClock extends Clock {
  setInterval(callback: () => void, intervalMs: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Resolves after `delayMs`, or at once (without error) when `signal` aborts first. */
export async function sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  if (delayMs <= 0 || signal?.aborted === true) return;
  try {
    await delay(delayMs, undefined, { signal });
  } catch (error) {
    // An abort ends the wait early; nothing else is expected from a timer.
    if (!(error instanceof Error && error.name === "AbortError")) throw error;
  }
}

/** The real clock: Date.now, setTimeout and setInterval. */
export const systemClock: SleepingClock & TimerClock = {
  now: () => Date.now(),
  sleep,
  setInterval: (callback, intervalMs) => setInterval(callback, intervalMs),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Settles as `promise` does, or rejects with REQUEST_TIMED_OUT (`message`) when it has not settled
 * within `timeoutMs`. The operation itself goes on: say in `message` whether it may still take
 * effect.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RillError("REQUEST_TIMED_OUT", message)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export { installTestClockSkew, TEST_CLOCK_JUMP_ENV, TEST_CLOCK_OFFSET_ENV } from "./test-clock-skew.js";
