import {
  type EpochEndOffset,
  type EpochEntry,
  type LeaderEpoch,
  LeaderEpochCache,
  type Offset,
  type ReplicaLog,
} from "@rill/replication";
import type { PartitionLog } from "@rill/storage";

/**
 * The replication cores' view (`ReplicaLog`) of one @rill/storage PartitionLog.
 *
 * Two mismatches are bridged here:
 * - The cores are synchronous, storage truncation is asynchronous (it runs in the log's append
 *   queue). `truncateTo` / `truncateFullyAndStartAt` start the storage operation and report the
 *   new end at once; the driver awaits `settled()` before the next append or fetch. Because the
 *   operation is queued, any append issued after it lands after the truncation.
 * - The leader records "epoch E starts at the log end" when it takes over, before it writes a
 *   batch. Storage persists an epoch only when a batch carrying it is appended (its checkpoint
 *   writer is private), so that pending start is kept here as an overlay on top of storage's
 *   cache. The first batch the leader appends in E makes storage record E at the same offset,
 *   after which the overlay adds nothing. An overlay lost in a crash only concerned an epoch
 *   that never wrote a record, which a restarted broker never leads again (epochs only grow).
 *
 * Epoch lookups follow the ReplicaLog contract (replication's LeaderEpochCache rules), which
 * differs from storage's own `endOffsetForEpoch` for epochs outside the cache's range.
 */
export class StorageReplicaLog implements ReplicaLog {
  readonly log: PartitionLog;
  #overlay: EpochEntry | undefined;
  /** Set while a truncation runs in storage: the end the log will have. */
  #pendingEndOffset: Offset | undefined;
  #pendingStartOffset: Offset | undefined;
  #pending: Promise<void> = Promise.resolve();
  #pendingFailure: unknown;
  #cache: { version: number; overlay: EpochEntry | undefined; cache: LeaderEpochCache } | undefined;

  constructor(log: PartitionLog) {
    this.log = log;
  }

  logStartOffset(): Offset {
    return this.#pendingStartOffset ?? this.log.logStartOffset;
  }

  logEndOffset(): Offset {
    return this.#pendingEndOffset ?? this.log.logEndOffset;
  }

  /**
   * Durable under the log's flush policy, as its appends' `durable` promises define it: fsynced
   * for group-commit and interval; written for `none` (Kafka's page-cache durability), where
   * storage's fsync-based flushedOffset would never move and acks=all could never complete.
   */
  flushedOffset(): Offset {
    if (this.log.config.flushPolicy === "none") return this.logEndOffset();
    return Math.min(this.log.flushedOffset, this.logEndOffset());
  }

  latestEpoch(): LeaderEpoch | undefined {
    return this.#epochs().latestEpoch();
  }

  epochEntries(): readonly EpochEntry[] {
    return this.#epochs().entries();
  }

  endOffsetForEpoch(epoch: LeaderEpoch): EpochEndOffset {
    return this.#epochs().endOffsetFor(epoch, this.logEndOffset());
  }

  assignEpochStartOffset(epoch: LeaderEpoch, startOffset: Offset): void {
    const latest = this.latestEpoch();
    if (latest !== undefined && epoch <= latest) return;
    if (startOffset !== this.logEndOffset()) {
      throw new Error(
        `assertion: epoch ${epoch} starts at ${startOffset}, not the log end ${this.logEndOffset()}`,
      );
    }
    this.#overlay = { epoch, startOffset };
  }

  truncateTo(offset: Offset): void {
    const newEnd = Math.min(offset, this.logEndOffset());
    if (this.#overlay !== undefined && this.#overlay.startOffset >= newEnd) this.#overlay = undefined;
    if (offset >= this.logEndOffset()) {
      // No record goes, but storage's cache may hold an epoch starting at the end (recovery
      // keeps entries below the end only, so this is a no-op in practice).
      return;
    }
    this.#pendingEndOffset = newEnd;
    this.#track(this.log.truncateTo(offset));
  }

  truncateFullyAndStartAt(offset: Offset): void {
    this.#overlay = undefined;
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

  #epochs(): LeaderEpochCache {
    const storageCache = this.log.epochCache;
    const overlay = this.#effectiveOverlay();
    const pendingEnd = this.#pendingEndOffset;
    if (this.#pendingStartOffset !== undefined) return new LeaderEpochCache();
    if (pendingEnd !== undefined) {
      // Storage drops these entries when the queued truncation runs; answer as if it had.
      return new LeaderEpochCache(storageCache.all().filter((entry) => entry.startOffset < pendingEnd));
    }
    const cached = this.#cache;
    if (cached !== undefined && cached.version === storageCache.version && cached.overlay === overlay) {
      return cached.cache;
    }
    const cache = new LeaderEpochCache(storageCache.all());
    if (overlay !== undefined) cache.assign(overlay.epoch, overlay.startOffset);
    this.#cache = { version: storageCache.version, overlay, cache };
    return cache;
  }

  /** The overlay while storage has not recorded its epoch yet. */
  #effectiveOverlay(): EpochEntry | undefined {
    const overlay = this.#overlay;
    if (overlay === undefined) return undefined;
    const storageLatest = this.log.epochCache.latest();
    if (storageLatest !== undefined && storageLatest.epoch >= overlay.epoch) {
      this.#overlay = undefined;
      return undefined;
    }
    return overlay;
  }
}
