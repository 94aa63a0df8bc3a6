import { leaderEpoch, offset, offsetMin } from "@rill/protocol/ids";
import {
  type EpochEndOffset,
  type EpochEntry,
  epochEndOffsetFrom,
  type LeaderEpoch,
  type Offset,
  type ReplicaLog,
} from "@rill/replication";
import type { PartitionLog } from "@rill/storage";

/**
 * The replication cores' view (`ReplicaLog`) of one @rill/storage PartitionLog.
 *
 * The cores are synchronous, storage truncation is asynchronous (it runs in the log's append
 * queue). `truncateTo` / `truncateFullyAndStartAt` start the storage operation and report the new
 * end at once; the driver awaits `settled()` before the next append or fetch. Because the
 * operation is queued, any append issued after it lands after the truncation. Storage's epoch
 * cache (the one LeaderEpochCache, Kafka's rules) follows a truncation at once, so epoch lookups
 * go straight to it.
 */
export class StorageReplicaLog implements ReplicaLog {
  readonly log: PartitionLog;
  /** Set while a truncation runs in storage: the end the log will have. */
  #pendingEndOffset: Offset | undefined;
  #pendingStartOffset: Offset | undefined;
  #pending: Promise<void> = Promise.resolve();
  #pendingFailure: unknown;

  constructor(log: PartitionLog) {
    this.log = log;
  }

  logStartOffset(): Offset {
    // Storage's offsets are plain numbers: branded here, where they cross into replication.
    return this.#pendingStartOffset ?? offset(this.log.logStartOffset);
  }

  logEndOffset(): Offset {
    return this.#pendingEndOffset ?? offset(this.log.logEndOffset);
  }

  /**
   * Durable under the log's flush policy, as its appends' `durable` promises define it: fsynced
   * for group-commit and interval; written for `none` (Kafka's page-cache durability), where
   * storage's fsync-based flushedOffset would never move and acks=all could never complete.
   */
  flushedOffset(): Offset {
    if (this.log.config.flushPolicy === "none") return this.logEndOffset();
    return offsetMin(offset(this.log.flushedOffset), this.logEndOffset());
  }

  latestEpoch(): LeaderEpoch | undefined {
    const latest = this.log.epochCache.latestEpoch();
    return latest === undefined ? undefined : leaderEpoch(latest);
  }

  epochEntries(): readonly EpochEntry[] {
    return this.log.epochCache.entries();
  }

  endOffsetForEpoch(epoch: LeaderEpoch): EpochEndOffset {
    return epochEndOffsetFrom(this.log.epochCache.endOffsetFor(epoch, this.logEndOffset()));
  }

  assignEpochStartOffset(epoch: LeaderEpoch, startOffset: Offset): void {
    const latest = this.latestEpoch();
    if (latest !== undefined && epoch <= latest) return;
    if (startOffset !== this.logEndOffset()) {
      throw new Error(
        `assertion: epoch ${epoch} starts at ${startOffset}, not the log end ${this.logEndOffset()}`,
      );
    }
    this.log.assignEpochStartOffset(epoch, startOffset);
  }

  truncateTo(offset: Offset): void {
    if (offset >= this.logEndOffset()) {
      // No record goes; an epoch assigned at the log end does (storage's cache follows at once).
      this.log.truncateEpochsFrom(offset);
      return;
    }
    this.#pendingEndOffset = offset;
    this.#track(this.log.truncateTo(offset));
  }

  truncateFullyAndStartAt(offset: Offset): void {
    this.#pendingEndOffset = offset;
    this.#pendingStartOffset = offset;
    this.#track(this.log.truncateFullyAndStartAt(offset));
  }

  /**
   * Resolves when every truncation started through this view has finished in storage; rejects
   * (STORAGE_ERROR) if one failed, after which the log is offline.
   */
  async settled(): Promise<void> {
    await this.#pending;
    if (this.#pendingFailure !== undefined) throw this.#pendingFailure;
  }

  get hasPendingTruncation(): boolean {
    return this.#pendingEndOffset !== undefined;
  }

  #track(operation: Promise<void>): void {
    const run = this.#pending.then(() => operation);
    this.#pending = run.then(
      () => {
        if (this.#pending === tracked) {
          this.#pendingEndOffset = undefined;
          this.#pendingStartOffset = undefined;
        }
      },
      (error: unknown) => {
        this.#pendingFailure = error;
        this.#pendingEndOffset = undefined;
        this.#pendingStartOffset = undefined;
      },
    );
    const tracked = this.#pending;
  }
}
