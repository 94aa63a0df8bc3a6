/**
 * A level-free wake-up for waiting loops: `wait()` resolves at the next `notify()` (or at once if
 * one came since the last wait), so a notification between a check and the wait is not lost.
 */
export class Wakeup {
  #pending = false;
  #waiters: (() => void)[] = [];

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    if (waiters.length === 0) this.#pending = true;
    for (const resolve of waiters) resolve();
  }

  wait(): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
