import { RillError } from "@rill/protocol";
import type { Clock } from "@rill/protocol/time";
import type { LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import type { LogConfig } from "../log-config.js";
import type { LogSegment } from "../segment/log-segment.js";
import type { LocalLog } from "./local-log.js";
import type { LogCheckpoints } from "./log-checkpoints.js";
import type { LogOffsets } from "./log-offsets.js";

export interface LogRetentionOptions {
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
  readonly epochCache: LeaderEpochCache;
  readonly checkpoints: LogCheckpoints;
  readonly config: () => LogConfig;
  readonly clock: Clock;
}

/**
 * Deletion from the front of a partition log: retention by time (retention.ms) and size
 * (retention.bytes), and DeleteRecords (moving the log start offset). Only whole segments go,
 * never the active one, and never data at or above the high watermark (a replica may still need
 * it). The log start offset moves, and is checkpointed, before the files go: a crash between the
 * two leaves files below the log start, which the next open skips. The caller runs these in the
 * append queue.
 */
export class LogRetention {
  readonly #options: LogRetentionOptions;
  constructor(options: LogRetentionOptions) {
    this.#options = options;
  }

  /**
   * DeleteRecords: moves the log start offset to `offset` (<= high watermark, else
   * OFFSET_OUT_OF_RANGE) and deletes the segments wholly below it. Durable before it resolves.
   */
  async deleteRecordsBefore(offset: number): Promise<void> {
    const { offsets } = this.#options;
    if (!Number.isSafeInteger(offset) || offset > offsets.highWatermark) {
      throw new RillError(
        "OFFSET_OUT_OF_RANGE",
        `cannot delete records before ${offset}: above the high watermark ${offsets.highWatermark}`,
      );
    }
    if (offset <= offsets.logStart) return;
    offsets.logStart = offset;
    this.#options.epochCache.truncateFromStart(offset);
    await this.#options.checkpoints.writeStateCheckpoint();
    await this.#deleteSegmentsWhile((_segment, next) => next !== undefined && next.baseOffset <= offset);
  }

  /**
   * Retention (cleanup.policy=delete): deletes the oldest closed segments whose newest record is
   * older than retention.ms, then while the log is larger than retention.bytes. Returns the number
   * of segments deleted.
   */
  async applyRetention(): Promise<number> {
    const config = this.#options.config();
    const { offsets, local } = this.#options;
    if (!config.cleanupPolicy.includes("delete")) return 0;
    const nowMs = this.#options.clock.now();
    let deleted = 0;
    if (config.retentionMs >= 0) {
      deleted += await this.#deleteSegmentsWhile(
        (segment, next) =>
          next !== undefined &&
          next.baseOffset <= offsets.highWatermark &&
          segment.maxTimestamp >= 0 &&
          nowMs - segment.maxTimestamp > config.retentionMs,
      );
    }
    if (config.retentionBytes >= 0) {
      let excess = local.sizeBytes - config.retentionBytes;
      deleted += await this.#deleteSegmentsWhile((segment, next) => {
        if (next === undefined || next.baseOffset > offsets.highWatermark) return false;
        if (excess - segment.sizeBytes < 0) return false;
        excess -= segment.sizeBytes;
        return true;
      });
    }
    return deleted;
  }

  /** Deletes leading segments (never the active one) while `predicate` holds. */
  async #deleteSegmentsWhile(
    predicate: (segment: LogSegment, next: LogSegment | undefined) => boolean,
  ): Promise<number> {
    const { local, offsets } = this.#options;
    let count = 0;
    while (local.segments.length > 1) {
      const segment = local.segments[0] as LogSegment;
      const next = local.segments[1];
      if (!predicate(segment, next)) break;
      const newStart = Math.max(offsets.logStart, (next as LogSegment).baseOffset);
      if (newStart > offsets.logStart) {
        offsets.logStart = newStart;
        offsets.highWatermark = Math.max(offsets.highWatermark, newStart);
        this.#options.epochCache.truncateFromStart(newStart);
        await this.#options.checkpoints.writeStateCheckpoint();
      }
      await local.deleteOldest();
      count += 1;
    }
    if (count > 0) await local.syncDirectory();
    return count;
  }
}
