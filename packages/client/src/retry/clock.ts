/**
 * Time as the client sees it, injected so tests can run retry loops on a fake clock: `now` for
 * deadlines and `sleep` for backoff. The real one uses Date.now and setTimeout.
 */
export interface Clock {
  now(): number;
  /** Resolves after `delayMs`, or early (without error) when `signal` aborts. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (delayMs, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted === true || delayMs <= 0) {
        resolve();
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, delayMs);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
