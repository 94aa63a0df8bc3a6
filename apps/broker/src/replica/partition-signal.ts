/**
 * A level-free wake-up: `notify` wakes everyone currently waiting (a log append, a high-watermark
 * move). Waiters re-check their condition after waking, so a spurious wake only costs a re-check;
 * a notify with nobody subscribed is gone, so a waiter subscribes before it checks (ArmedWake).
 */
export class PartitionSignal {
  #waiters = new Set<() => void>();

  notify(): void {
    if (this.#waiters.size === 0) return;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Calls `wake` at the next notify; returns a function that cancels the subscription. */
  subscribe(wake: () => void): () => void {
    this.#waiters.add(wake);
    return () => this.#waiters.delete(wake);
  }
}

/**
 * A wake-up armed before a check: it subscribes to `signals` at once, so a notify that comes
 * between the check and `wait` (a log append while a fetch round awaited its reads) is kept and
 * `wait` resolves at once. Subscribing only after the check lost such a notify, and the waiter
 * slept its whole timeout although what it waited for had come: a follower's round held for
 * replica.fetch.wait.max.ms (500 ms) over records an acks=all produce was waiting on.
 */
export class ArmedWake {
  #fired = false;
  #wake: (() => void) | undefined;
  readonly #unsubscribes: (() => void)[] = [];

  constructor(signals: Iterable<PartitionSignal>) {
    for (const signal of signals) this.#unsubscribes.push(signal.subscribe(() => this.#fire()));
  }

  /**
   * Resolves at the first notify since construction (at once when one came already), when
   * `timeoutMs` passes, or when `abort` fires, whichever comes first; always unsubscribes and
   * clears its timer. Call it once.
   */
  wait(timeoutMs: number, abort?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        this.cancel();
        if (timer !== undefined) clearTimeout(timer);
        abort?.removeEventListener("abort", finish);
        resolve();
      };
      if (this.#fired || abort?.aborted === true || timeoutMs <= 0) {
        finish();
        return;
      }
      this.#wake = finish;
      timer = setTimeout(finish, timeoutMs);
      abort?.addEventListener("abort", finish, { once: true });
    });
  }

  /** Unsubscribes without waiting (the check found what it was after). */
  cancel(): void {
    this.#wake = undefined;
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
  }

  #fire(): void {
    this.#fired = true;
    this.#wake?.();
  }
}

/**
 * Resolves at the first notify of any of `signals`, when `timeoutMs` passes, or when `abort`
 * fires, whichever comes first; always cleans up its subscriptions and timer. A notify before
 * the call is not seen: a waiter that checks a condition first arms an ArmedWake before it.
 */
export function waitForAny(
  signals: Iterable<PartitionSignal>,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<void> {
  return new ArmedWake(signals).wait(timeoutMs, abort);
}
