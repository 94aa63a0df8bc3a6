/**
 * A level-free wake-up: `notify` wakes everyone currently waiting (a log append, a high-watermark
 * move). Waiters re-check their condition after waking, so a missed or spurious wake only costs
 * a re-check, never a lost update.
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
 * Resolves at the first notify of any of `signals`, when `timeoutMs` passes, or when `abort`
 * fires, whichever comes first; always cleans up its subscriptions and timer.
 */
export function waitForAny(
  signals: Iterable<PartitionSignal>,
  timeoutMs: number,
  abort?: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      abort?.removeEventListener("abort", finish);
      resolve();
    };
    if (abort?.aborted === true || timeoutMs <= 0) {
      resolve();
      return;
    }
    for (const signal of signals) unsubscribes.push(signal.subscribe(finish));
    timer = setTimeout(finish, timeoutMs);
    abort?.addEventListener("abort", finish, { once: true });
  });
}
