/**
 * The one poll-until helper of the tests, benchmarks and process harnesses: calls `condition`
 * every `intervalMs` until it yields a value, and fails with a clear message at a deadline, so no
 * test synchronises by sleeping.
 */
import { setTimeout as delay, setImmediate as yieldToEventLoop } from "node:timers/promises";

export interface WaitForOptions {
  /** How long to keep polling before failing. */
  readonly timeoutMs: number;
  /** Pause between polls; 0 yields to the event loop once (setImmediate). Default 10 ms. */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout error ("the leader to change"). */
  readonly message: string;
}

const DEFAULT_INTERVAL_MS = 10;

/**
 * Resolves with the first value of `condition` other than `undefined` and `false` (so a boolean
 * condition resolves with `true`). A throw of `condition` counts as "not yet" and is quoted in the
 * timeout error, since a probe of a starting server fails until it is up. Rejects once `timeoutMs`
 * has passed without a value.
 */
export async function waitFor<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitForOptions,
): Promise<T> {
  const { timeoutMs, intervalMs = DEFAULT_INTERVAL_MS, message } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const because = lastError === undefined ? "" : ` (last error: ${String(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${because}`);
    }
    if (intervalMs <= 0) await yieldToEventLoop();
    else await delay(intervalMs);
  }
}
