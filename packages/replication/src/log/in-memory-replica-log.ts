import { leaderEpoch, offsetMax, offsetMin, offsetPlus, offset as toOffset } from "@rill/protocol/ids";
import { type EpochEntry, LeaderEpochCache } from "@rill/storage/leader-epoch-cache";
import { invariant } from "../invariant.js";
import type { LeaderEpoch, Offset } from "../types.js";
import { type EpochEndOffset, epochEndOffsetFrom, type ReplicaLog } from "./replica-log.js";

/** One record of the in-memory log: the epoch of the leader that wrote it and an opaque payload. */
export interface InMemoryRecord<Payload = unknown> {
  readonly epoch: LeaderEpoch;
  readonly payload: Payload;
}

/**
 * A ReplicaLog held in memory, for tests and simulations. One entry per offset; "flushing" is an
 * explicit call so tests control what counts as durable.
 */
export class InMemoryReplicaLog<Payload = unknown> implements ReplicaLog {
  #logStartOffset: Offset = toOffset(0);
  #flushedOffset: Offset = toOffset(0);
  readonly #records: InMemoryRecord<Payload>[] = [];
  readonly #epochs = new LeaderEpochCache();

  logStartOffset(): Offset {
    return this.#logStartOffset;
  }

  logEndOffset(): Offset {
    return offsetPlus(this.#logStartOffset, this.#records.length);
  }

  flushedOffset(): Offset {
    return this.#flushedOffset;
  }

  latestEpoch(): LeaderEpoch | undefined {
    const latest = this.#epochs.latestEpoch();
    return latest === undefined ? undefined : leaderEpoch(latest);
  }

  epochEntries(): readonly EpochEntry[] {
    return this.#epochs.entries();
  }

  endOffsetForEpoch(epoch: LeaderEpoch): EpochEndOffset {
    return epochEndOffsetFrom(this.#epochs.endOffsetFor(epoch, this.logEndOffset()));
  }

  assignEpochStartOffset(epoch: LeaderEpoch, startOffset: Offset): void {
    invariant(startOffset === this.logEndOffset(), "an epoch starts at the log end offset");
    this.#epochs.assign(epoch, startOffset);
  }

  /** Appends records (as a leader stamps them, or as a follower copies them); returns their first offset. */
  append(records: readonly InMemoryRecord<Payload>[]): Offset {
    const firstOffset = this.logEndOffset();
    records.forEach((record, index) => {
      const latest = this.#epochs.latestEpoch();
      invariant(
        latest === undefined || record.epoch >= latest,
        () => `record epoch ${record.epoch} is older than the log's latest epoch ${latest}`,
      );
      this.#epochs.assign(record.epoch, firstOffset + index);
      this.#records.push(record);
    });
    return firstOffset;
  }

  /** Marks everything below `offset` (default: the log end) as fsynced. */
  flush(to: number = this.logEndOffset()): void {
    invariant(to <= this.logEndOffset(), "cannot flush past the log end");
    this.#flushedOffset = offsetMax(this.#flushedOffset, toOffset(to));
  }

  truncateTo(offset: Offset): void {
    invariant(
      offset >= this.#logStartOffset,
      `truncation to ${offset} below log start ${this.#logStartOffset}`,
    );
    // The epoch cache is truncated even when no record goes: an epoch this replica assigned as
    // leader but never wrote to may sit at the log end and must not survive (see ReplicaLog).
    this.#epochs.truncateFromEnd(Math.min(offset, this.logEndOffset()));
    if (offset >= this.logEndOffset()) return;
    this.#records.length = offset - this.#logStartOffset;
    this.#flushedOffset = offsetMin(this.#flushedOffset, offset);
  }

  /** Retention or DeleteRecords: offsets below `offset` go. */
  advanceLogStartOffset(to: number): void {
    const offset = toOffset(to);
    invariant(offset <= this.logEndOffset(), "log start cannot pass the log end");
    if (offset <= this.#logStartOffset) return;
    this.#records.splice(0, offset - this.#logStartOffset);
    this.#logStartOffset = offset;
    this.#flushedOffset = offsetMax(this.#flushedOffset, offset);
    this.#epochs.truncateFromStart(offset);
  }

  /** Empties the log and restarts it at `offset` (a follower far behind the leader's log start). */
  truncateFullyAndStartAt(offset: Offset): void {
    this.#records.length = 0;
    this.#logStartOffset = offset;
    this.#flushedOffset = offset;
    this.#epochs.truncateFromEnd(0);
  }

  /** Records in [from, to), clamped to the log. */
  read(from: number, to: number = this.logEndOffset()): InMemoryRecord<Payload>[] {
    const start = Math.max(from, this.#logStartOffset) - this.#logStartOffset;
    const end = Math.min(to, this.logEndOffset()) - this.#logStartOffset;
    return this.#records.slice(start, Math.max(start, end));
  }
}
