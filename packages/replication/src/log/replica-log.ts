import { offset, UNDEFINED_EPOCH_OFFSET } from "@rill/protocol/ids";
import type { LeaderEpoch, Offset } from "../types.js";

/**
 * The answer to "where does epoch E end in your log?" (Kafka's EpochEndOffset), as storage's
 * epoch cache gives it with the end offset branded: the log adapter converts it once.
 */
export interface EpochEndOffset {
  /** The epoch the answer is about, or UNDEFINED_EPOCH. */
  readonly epoch: number;
  /** Exclusive end of that epoch, or UNDEFINED_EPOCH_OFFSET with UNDEFINED_EPOCH. */
  readonly endOffset: Offset;
}

/** Storage's epoch-cache answer (plain numbers) as the replication API's, checked once. */
export function epochEndOffsetFrom(answer: {
  readonly epoch: number;
  readonly endOffset: number;
}): EpochEndOffset {
  return {
    epoch: answer.epoch,
    endOffset:
      answer.endOffset === UNDEFINED_EPOCH_OFFSET ? UNDEFINED_EPOCH_OFFSET : offset(answer.endOffset),
  };
}

/**
 * The partition log as the replication cores see it: a narrow view of @rill/storage's log, so the
 * decision logic can be tested against the in-memory implementation and driven by the real one.
 *
 * Contracts the implementation keeps:
 * - `logStartOffset() <= flushedOffset() <= logEndOffset()`; all are exclusive bounds except
 *   `logStartOffset` (the first offset still in the log).
 * - The leader-epoch cache holds (epoch, startOffset) pairs, epochs and start offsets strictly
 *   increasing; appending a batch whose partitionLeaderEpoch exceeds `latestEpoch()` adds an entry
 *   at the batch's base offset.
 */
export interface ReplicaLog {
  logStartOffset(): Offset;
  /** The next offset to be appended. */
  logEndOffset(): Offset;
  /** Offsets below this are fsynced (survive power loss). Group commit moves it forward. */
  flushedOffset(): Offset;
  /** The epoch of the last entry in the leader-epoch cache, or undefined when it is empty. */
  latestEpoch(): LeaderEpoch | undefined;
  /** Kafka's LeaderEpochFileCache.endOffsetFor; the rules are LeaderEpochCache.endOffsetFor's. */
  endOffsetForEpoch(epoch: LeaderEpoch): EpochEndOffset;
  /**
   * Records that `epoch` starts at `startOffset` (= the log end offset when a replica becomes
   * leader), so followers can learn where the previous epoch ended before anything is appended.
   * A no-op when `epoch` is not newer than `latestEpoch()`.
   */
  assignEpochStartOffset(epoch: LeaderEpoch, startOffset: Offset): void;
  /**
   * Removes every offset >= `offset` and every epoch-cache entry starting at or after
   * min(offset, logEndOffset) — also when no record is removed, so an epoch this replica assigned
   * as leader but never wrote to does not outlive the divergence check that found it (Kafka does
   * the same). `offset` >= logStartOffset.
   */
  truncateTo(offset: Offset): void;
  /**
   * Empties the log and restarts it at `offset` (a follower whose log end is below the leader's
   * log start). The epoch cache is emptied; the next appended batch starts it again.
   */
  truncateFullyAndStartAt(offset: Offset): void;
}
