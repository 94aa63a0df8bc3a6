import { invariant } from "../invariant.js";
import { type LeaderEpoch, type Offset, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from "../types.js";
import type { EpochEndOffset } from "./replica-log.js";

export interface EpochEntry {
  readonly epoch: LeaderEpoch;
  readonly startOffset: Offset;
}

/**
 * The leader-epoch cache (Kafka's LeaderEpochFileCache) as a pure in-memory structure: which epoch
 * wrote which offsets. Storage persists it as a checkpoint; this class holds the lookup rules so
 * the in-memory log and the storage engine answer `endOffsetForEpoch` identically.
 */
export class LeaderEpochCache {
  readonly #entries: EpochEntry[] = [];

  constructor(entries: readonly EpochEntry[] = []) {
    for (const entry of entries) this.assign(entry.epoch, entry.startOffset);
  }

  entries(): readonly EpochEntry[] {
    return this.#entries;
  }

  latestEpoch(): LeaderEpoch | undefined {
    return this.#entries.at(-1)?.epoch;
  }

  /**
   * Adds (epoch, startOffset) if epoch is newer than the latest. A newer epoch starting before the
   * latest entry's start would break the cache's ordering: that can only come from a bug.
   */
  assign(epoch: LeaderEpoch, startOffset: Offset): void {
    invariant(Number.isSafeInteger(epoch) && epoch >= 0, `invalid epoch ${epoch}`);
    const latest = this.#entries.at(-1);
    if (latest !== undefined && epoch <= latest.epoch) return;
    invariant(
      latest === undefined || startOffset >= latest.startOffset,
      () =>
        `epoch ${epoch} start ${startOffset} is before epoch ${latest?.epoch} start ${latest?.startOffset}`,
    );
    // An epoch that wrote nothing is superseded by a newer one starting at the same offset.
    if (latest !== undefined && latest.startOffset === startOffset) this.#entries.pop();
    this.#entries.push({ epoch, startOffset });
  }

  /** Drops entries starting at or after `offset` (the log was truncated to `offset`). */
  truncateFromEnd(offset: Offset): void {
    while ((this.#entries.at(-1)?.startOffset ?? -1) >= offset) this.#entries.pop();
  }

  /**
   * The log start moved to `offset`: entries wholly before it go, and the one covering it starts
   * at `offset` (Kafka's truncateFromStart).
   */
  truncateFromStart(offset: Offset): void {
    let covering: EpochEntry | undefined;
    while ((this.#entries[0]?.startOffset ?? Number.POSITIVE_INFINITY) <= offset) {
      covering = this.#entries.shift();
    }
    if (covering !== undefined) this.#entries.unshift({ epoch: covering.epoch, startOffset: offset });
  }

  /** See ReplicaLog.endOffsetForEpoch for the rules. */
  endOffsetFor(epoch: LeaderEpoch, logEndOffset: Offset): EpochEndOffset {
    if (epoch === UNDEFINED_EPOCH) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const latest = this.#entries.at(-1);
    if (latest !== undefined && latest.epoch === epoch) return { epoch, endOffset: logEndOffset };
    const nextIndex = this.#entries.findIndex((entry) => entry.epoch > epoch);
    const next = this.#entries[nextIndex];
    if (next === undefined) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const floor = nextIndex > 0 ? this.#entries[nextIndex - 1] : undefined;
    if (floor === undefined) return { epoch, endOffset: next.startOffset };
    return { epoch: floor.epoch, endOffset: next.startOffset };
  }
}
