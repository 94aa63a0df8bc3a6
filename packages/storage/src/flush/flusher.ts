/**
 * Something with unflushed bytes: a PartitionLog. `flushDirty` fdatasyncs everything written
 * before it was called and settles the appends it covers; it handles its own errors (a failed
 * fsync takes that log offline) and never rejects.
 */
export interface Flushable {
  flushDirty(): Promise<void>;
}

/** One finished round, for metrics: how many logs it flushed and how long their fsyncs took. */
export interface FlushRound {
  readonly logs: number;
  readonly durationMs: number;
}

export interface FlusherOptions {
  /** Told of each round once its fsyncs finished (the process exports it as metrics). */
  readonly onRound?: (round: FlushRound) => void;
  /** A monotonic clock with sub-millisecond resolution; default performance.now. */
  readonly nowMs?: () => number;
}

/**
 * Group commit across every log of the process. A log that wrote bytes calls `request(log)`;
 * the flusher runs rounds: each round fdatasyncs every log that asked before it started (in
 * parallel), and a log asking while a round runs is flushed in the next round, together with
 * everyone else who asked meanwhile. So one fsync per file covers all appends waiting on it, and
 * under load the fsync rate adapts to the disk instead of to the append rate.
 */
export class Flusher {
  #pending = new Set<Flushable>();
  #running = false;
  #idleWaiters: (() => void)[] = [];
  /** Completed rounds (each is one fsync per dirty file), for figures. */
  rounds = 0;
  /** Logs flushed, summed over rounds. */
  flushes = 0;
  readonly #onRound: ((round: FlushRound) => void) | undefined;
  readonly #nowMs: () => number;

  constructor(options: FlusherOptions = {}) {
    this.#onRound = options.onRound;
    this.#nowMs = options.nowMs ?? (() => performance.now());
  }

  request(target: Flushable): void {
    this.#pending.add(target);
    if (this.#running) return;
    this.#running = true;
    // Let appends whose writes complete in the same I/O phase join the first round.
    setImmediate(() => void this.#loop());
  }

  async #loop(): Promise<void> {
    while (this.#pending.size > 0) {
      const round = [...this.#pending];
      this.#pending.clear();
      const startedMs = this.#nowMs();
      await Promise.all(round.map((target) => target.flushDirty()));
      this.rounds += 1;
      this.flushes += round.length;
      this.#onRound?.({ logs: round.length, durationMs: this.#nowMs() - startedMs });
    }
    this.#running = false;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves when no round is running or pending. */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
