import type { RillError } from "@rill/protocol";
import type { LogConfig } from "../log-config.js";
import type { LocalLog } from "./local-log.js";
import type { LogOffsets } from "./log-offsets.js";
import { storageError } from "./storage-error.js";

interface DurableWaiter {
  readonly lastOffset: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface LogDurabilityOptions {
  readonly directory: string;
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
  readonly config: () => LogConfig;
  /** Asks the shared Flusher for a round (group commit across logs). */
  readonly requestFlush: () => void;
  readonly offlineError: () => RillError | undefined;
  readonly goOffline: (error: RillError) => void;
}

/**
 * The durable end of a partition log (`offsets.flushed`) and the appends waiting for it. Under
 * group commit a waiter asks the shared Flusher for a round, and one fdatasync per dirty segment
 * settles every waiter it covered. Waiters settle in offset order; an offline log rejects them
 * all with its error.
 */
export class LogDurability {
  /** Sorted by lastOffset: one per append (or flush) awaiting durability. */
  #waiters: DurableWaiter[] = [];

  readonly #options: LogDurabilityOptions;
  constructor(options: LogDurabilityOptions) {
    this.#options = options;
  }

  /** Resolves once offsets up to `lastOffset` are durable under the flush policy. */
  waitFor(lastOffset: number): Promise<void> {
    const { flushPolicy } = this.#options.config();
    if (flushPolicy === "none" || lastOffset < this.#options.offsets.flushed) return Promise.resolve();
    const offline = this.#options.offlineError();
    if (offline !== undefined) return Promise.reject(offline);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ lastOffset, resolve, reject });
      if (flushPolicy === "group-commit") this.#options.requestFlush();
    });
  }

  /** Flushes everything written so far (whatever the policy); resolves when durable. */
  async flushAll(): Promise<void> {
    const target = this.#options.offsets.logEnd;
    const dirty = this.#options.local.segments.some((segment) => segment.isDirty);
    if (target <= this.#options.offsets.flushed && !dirty) return;
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ lastOffset: target - 1, resolve, reject });
      this.#waiters.sort((a, b) => a.lastOffset - b.lastOffset);
      this.#options.requestFlush();
    });
  }

  /**
   * The Flusher's round for this log: fdatasync every dirty segment, then settle the waiters
   * covered. A failed fdatasync takes the log offline; a truncation during the round (its target
   * may be gone) asks for another round instead of settling.
   */
  async flushDirty(): Promise<void> {
    const { offsets } = this.#options;
    const target = offsets.logEnd;
    const truncationsBefore = offsets.truncations;
    try {
      await this.#options.local.flushDirtySegments();
    } catch (error) {
      this.#options.goOffline(
        storageError(`fdatasync of ${this.#options.directory} failed: ${(error as Error).message}`, error),
      );
      return;
    }
    if (offsets.truncations !== truncationsBefore) {
      this.#options.requestFlush();
      return;
    }
    this.advance(target);
  }

  /** Moves the durable end up to `target` and settles the waiters it covers. */
  advance(target: number): void {
    const { offsets } = this.#options;
    offsets.flushed = Math.max(offsets.flushed, target);
    let settled = 0;
    while (
      settled < this.#waiters.length &&
      (this.#waiters[settled] as DurableWaiter).lastOffset < offsets.flushed
    ) {
      (this.#waiters[settled] as DurableWaiter).resolve();
      settled += 1;
    }
    this.#waiters.splice(0, settled);
  }

  /** The log went offline: every waiter fails with its error. */
  rejectAll(error: RillError): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}
