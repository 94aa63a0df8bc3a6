import { join } from "node:path";
import type { Clock } from "@rill/protocol/time";
import { LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import { type LogStateCheckpoint, parseLogState } from "../checkpoint/log-state-checkpoint.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import type { LogConfig } from "../log-config.js";
import { LogSegment } from "../segment/log-segment.js";
import {
  CLEANED_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  OFFSET_INDEX_FILE_SUFFIX,
  parseSegmentFileName,
  segmentFilePath,
  TIME_INDEX_FILE_SUFFIX,
} from "../segment/segment-files.js";
import {
  CLEAN_SHUTDOWN_FILE,
  LEADER_EPOCH_CHECKPOINT_FILE,
  LOG_STATE_CHECKPOINT_FILE,
} from "./log-checkpoints.js";
import { completeInterruptedSwaps } from "./segment-swap.js";

export interface RecoveryReport {
  readonly cleanShutdown: boolean;
  readonly segmentsRecovered: number;
  readonly truncatedBytes: number;
  readonly segmentsDeleted: number;
  readonly reason?: string;
}

export interface LogLoaderOptions {
  readonly fileSystem: StorageFileSystem;
  readonly directory: string;
  readonly config: LogConfig;
  readonly clock: Clock;
  /** The cache read by readLeaderEpochCache; recovery re-reads and trims it in place. */
  readonly epochCache: LeaderEpochCache;
}

/** What recovery found: the segments (oldest first, the last active) and the offsets. */
export interface LoadedLog {
  readonly segments: LogSegment[];
  readonly logStartOffset: number;
  /** Also the durable end: everything that survived was flushed. */
  readonly logEndOffset: number;
  readonly highWatermark: number;
  readonly recovery: RecoveryReport;
  /**
   * True when the log-state checkpoint's recovery point is not the loaded log end after an
   * unclean shutdown: the owner writes the checkpoint, or the next unclean open scans again every
   * segment this one did (after a few quick restarts, the whole log: seconds of start-up).
   */
  readonly recoveryPointStale: boolean;
}

/** The leader-epoch checkpoint of the log in `directory`; empty when there is none yet. */
export async function readLeaderEpochCache(
  fileSystem: StorageFileSystem,
  directory: string,
): Promise<LeaderEpochCache> {
  const path = join(directory, LEADER_EPOCH_CHECKPOINT_FILE);
  const bytes = await fileSystem.readFile(path);
  return bytes === undefined ? new LeaderEpochCache() : LeaderEpochCache.parse(bytes, path);
}

/**
 * Kafka's LogLoader: recovery of a partition log's directory at open. Finishes a compaction swap
 * that passed its commit point, removes temp and `.cleaned` files, then loads every segment;
 * after an unclean shutdown the segments past the recovery point are scanned batch by batch
 * (indexes rebuilt), a torn tail is cut and everything after it goes (later segments too: readers
 * must never see a gap), and the leader epochs of the recovered batches are re-read. The result
 * is flushed and the clean-shutdown marker removed before it returns, so the loaded log end is
 * durable. Throws on an I/O error (the log does not open).
 */
export async function loadLog(options: LogLoaderOptions): Promise<LoadedLog> {
  const { fileSystem, directory, config, epochCache } = options;
  const names = await fileSystem.readdir(directory);
  await completeInterruptedSwaps(fileSystem, directory, names);
  const statePath = join(directory, LOG_STATE_CHECKPOINT_FILE);
  const stateBytes = await fileSystem.readFile(statePath);
  const state: LogStateCheckpoint =
    stateBytes === undefined
      ? { recoveryPoint: 0, logStartOffset: 0, highWatermark: 0 }
      : parseLogState(stateBytes, statePath);
  const cleanShutdown = await fileSystem.exists(join(directory, CLEAN_SHUTDOWN_FILE));
  const current = await fileSystem.readdir(directory);
  for (const name of current) {
    if (name.endsWith(".tmp") || name.endsWith(CLEANED_FILE_SUFFIX)) {
      await fileSystem.unlink(join(directory, name));
    }
  }
  const baseOffsets = current
    .map((name) => parseSegmentFileName(name, LOG_FILE_SUFFIX))
    .filter((offset): offset is number => offset !== undefined)
    .sort((a, b) => a - b);
  const segments: LogSegment[] = [];
  let segmentsRecovered = 0;
  let truncatedBytes = 0;
  let segmentsDeleted = 0;
  let reason: string | undefined;
  let truncateRest = false;
  const nowMs = options.clock.now();
  for (let index = 0; index < baseOffsets.length; index += 1) {
    const baseOffset = baseOffsets[index] as number;
    const nextSegmentBaseOffset = baseOffsets[index + 1] ?? Number.MAX_SAFE_INTEGER;
    if (truncateRest) {
      // Everything after a truncated batch is gone, including later segments.
      for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
        await fileSystem.unlink(segmentFilePath(directory, baseOffset, suffix));
      }
      segmentsDeleted += 1;
      continue;
    }
    const recover = !cleanShutdown && nextSegmentBaseOffset > state.recoveryPoint;
    const { segment, recovery } = await LogSegment.load(fileSystem, directory, baseOffset, config, {
      recover,
      nextSegmentBaseOffset,
      nowMs,
    });
    if (recover) segmentsRecovered += 1;
    if (recovery !== undefined && recovery.truncatedBytes > 0) {
      truncatedBytes += recovery.truncatedBytes;
      truncateRest = true;
      reason = recovery.reason;
    } else if (recover && index < baseOffsets.length - 1 && segment.nextOffset < nextSegmentBaseOffset) {
      // A rolled segment always ends where the next begins (roll happens at the log end).
      // A shorter one lost its unflushed tail while a later file kept data: everything after
      // the hole goes, or readers would see a gap.
      truncateRest = true;
      reason = `segment ${baseOffset} ends at ${segment.nextOffset}, before the next segment ${nextSegmentBaseOffset}`;
    }
    if (recovery !== undefined) await reassignEpochs(segment, epochCache);
    if (index < baseOffsets.length - 1) segment.rolled = true;
    segments.push(segment);
  }
  if (segments.length === 0) {
    segments.push(await LogSegment.create(fileSystem, directory, state.logStartOffset, config, nowMs));
  }
  const active = segments.at(-1) as LogSegment;
  active.rolled = false;
  const logEndOffset = active.nextOffset;
  const logStartOffset = Math.min(
    Math.max(state.logStartOffset, (segments[0] as LogSegment).baseOffset),
    logEndOffset,
  );
  const highWatermark = Math.min(Math.max(state.highWatermark, logStartOffset), logEndOffset);
  epochCache.truncateFromEnd(logEndOffset);
  epochCache.truncateFromStart(logStartOffset);
  // Whatever survived is made durable now, so flushedOffset can start at the log end.
  for (const segment of segments) if (segment.isDirty || !cleanShutdown) await segment.flush();
  await fileSystem.unlink(join(directory, CLEAN_SHUTDOWN_FILE));
  await fileSystem.syncDirectory(directory);
  return {
    segments,
    logStartOffset,
    logEndOffset,
    highWatermark,
    recoveryPointStale: !cleanShutdown && state.recoveryPoint !== logEndOffset,
    recovery: {
      cleanShutdown,
      segmentsRecovered,
      truncatedBytes,
      segmentsDeleted,
      ...(reason === undefined ? {} : { reason }),
    },
  };
}

/** Re-reads the leader epochs of a recovered segment's batches (Kafka does the same). */
async function reassignEpochs(segment: LogSegment, epochCache: LeaderEpochCache): Promise<void> {
  await segment.scanHeaders(0, segment.sizeBytes, ({ header }) => {
    if (header.partitionLeaderEpoch > (epochCache.latest()?.epoch ?? -1)) {
      epochCache.assign(header.partitionLeaderEpoch, header.baseOffset);
    }
    return true;
  });
}
