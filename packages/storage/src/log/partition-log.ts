import { join } from "node:path";
import {
  assert,
  decodeRecordBatch,
  type RecordBatchHeader,
  RillError,
  readRecordBatchHeader,
  setBaseOffset,
  setPartitionLeaderEpoch,
  type ValidatedRecordBatches,
} from "@rill/protocol";
import { type Clock, systemClock } from "@rill/protocol/time";
import { type EpochEndOffset, type EpochEntry, LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import {
  type LogStateCheckpoint,
  parseLogState,
  serializeLogState,
} from "../checkpoint/log-state-checkpoint.js";
import { Flusher } from "../flush/flusher.js";
import { writeFileAtomically } from "../fs/atomic-file.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import { NodeFileSystem } from "../fs/node-file-system.js";
import { type LogConfig, resolveLogConfig } from "../log-config.js";
import { LogSegment, type SegmentBatch } from "../segment/log-segment.js";
import {
  CLEANED_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  OFFSET_INDEX_FILE_SUFFIX,
  parseSegmentFileName,
  SWAP_FILE_SUFFIX,
  SWAP_MANIFEST_SUFFIX,
  segmentFilePath,
  segmentFileStem,
  TIME_INDEX_FILE_SUFFIX,
} from "../segment/segment-files.js";
import { StagedSegment, type StagedSegmentHeader } from "../segment/staged-segment.js";
import { TailCache } from "./tail-cache.js";

export const LOG_STATE_CHECKPOINT_FILE = "log-state.checkpoint";
export const LEADER_EPOCH_CHECKPOINT_FILE = "leader-epoch-checkpoint";
export const CLEAN_SHUTDOWN_FILE = ".clean-shutdown";
/** Retries of a read whose segment was deleted under it (retention, truncation). */
const READ_RETRIES_MAX = 3;

export type { Clock };
export { systemClock };

export interface PartitionLogOptions {
  /** The partition's directory (`<topic>-<partition>`); created when missing. */
  readonly directory: string;
  readonly config?: Partial<LogConfig>;
  readonly fileSystem?: StorageFileSystem;
  /** Shared across logs for group commit; a log without one gets its own. */
  readonly flusher?: Flusher;
  readonly clock?: Clock;
}

/** What an append was given, known synchronously when `append` returns. */
export interface AppendResult {
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** The base offset of each appended batch, in order. */
  readonly baseOffsets: readonly number[];
  /** Largest batch maxTimestamp appended (the log does not rewrite timestamps). */
  readonly maxTimestamp: number;
  /**
   * Resolves once the bytes are written (readable below logEndOffset). Rejects with STORAGE_ERROR
   * when the write failed or the log went offline first: the outcome for the records is then
   * that they are not in the log. Already marked handled.
   */
  readonly written: Promise<void>;
  /**
   * Resolves once the appended bytes are durable under the flush policy (group-commit: an
   * fdatasync covered them; none: the write returned). Rejects with STORAGE_ERROR when the log
   * went offline first. Already marked handled: ignoring it does not crash the process.
   */
  readonly durable: Promise<void>;
}

export interface LogReadResult {
  /** Whole batches, as stored. Empty when nothing at or after the offset is readable. */
  readonly bytes: Buffer;
  /** lastOffset + 1 of the last batch returned; the requested offset when empty. */
  readonly nextOffset: number;
  readonly fromTailCache: boolean;
}

/** A read as the stored batches themselves (tail-cache reads are not concatenated). */
export interface LogChunksReadResult {
  /** Whole batches, in offset order; empty when nothing at or after the offset is readable. */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
  /** lastOffset + 1 of the last batch returned; the requested offset when empty. */
  readonly nextOffset: number;
  readonly fromTailCache: boolean;
}

/** A sealed segment as a bulk copy sends it: its description and index files. */
export interface SealedSegment {
  readonly baseOffset: number;
  readonly nextOffset: number;
  readonly logBytes: number;
  readonly offsetIndex: Buffer;
  readonly timeIndex: Buffer;
  /** The leader epochs with records in the segment (the first clamped to baseOffset). */
  readonly epochs: readonly { readonly epoch: number; readonly startOffset: number }[];
}

export interface RecoveryReport {
  readonly cleanShutdown: boolean;
  readonly segmentsRecovered: number;
  readonly truncatedBytes: number;
  readonly segmentsDeleted: number;
  readonly reason?: string;
}

interface PendingWrite {
  readonly kind: "write";
  readonly bytes: Uint8Array;
  readonly headers: readonly RecordBatchHeader[];
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface PendingOperation {
  readonly kind: "operation";
  readonly run: () => Promise<void>;
  readonly reject: (error: unknown) => void;
}

interface DurableWaiter {
  readonly lastOffset: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function storageError(message: string, cause: unknown): RillError {
  return new RillError("STORAGE_ERROR", message, { cause });
}

/**
 * Kafka's UnifiedLog for one partition replica: an ordered list of LogSegments, the last one
 * active. Appends, truncations, rolls and segment deletions run one at a time through a queue
 * (so offsets are assigned and written in order); reads run concurrently and only see batches
 * whose write has returned (below `logEndOffset`).
 *
 * Offsets: `logStartOffset` <= `highWatermark` <= `logEndOffset`, and `flushedOffset` <=
 * `logEndOffset` is the durable end (replication counts only durable data toward the HW).
 */
export class PartitionLog {
  private segments: LogSegment[] = [];
  private queue: (PendingWrite | PendingOperation)[] = [];
  private draining = false;
  private durableWaiters: DurableWaiter[] = [];
  private offlineError: RillError | undefined;
  private closed = false;
  /** Offsets handed out to queued appends; logEndOffset catches up as writes return. */
  private nextAssignedOffset = 0;
  private endOffset = 0;
  private durableEndOffset = 0;
  private startOffset = 0;
  private highWatermarkOffset = 0;
  private truncations = 0;
  private epochCheckpointVersion = 0;
  private epochCheckpointChain: Promise<void> = Promise.resolve();
  private stateCheckpointChain: Promise<void> = Promise.resolve();
  private intervalTimer: NodeJS.Timeout | undefined;
  private readonly tailCache: TailCache;
  readonly epochCache: LeaderEpochCache;
  /** Replaced whole by updateConfig; read afresh by each append, roll, retention and cleaner pass. */
  private currentConfig: LogConfig;
  readonly directory: string;
  readonly flusher: Flusher;
  private readonly fileSystem: StorageFileSystem;
  private readonly clock: Clock;
  recovery: RecoveryReport | undefined;

  private constructor(options: PartitionLogOptions, epochCache: LeaderEpochCache) {
    this.directory = options.directory;
    this.currentConfig = resolveLogConfig(options.config);
    this.fileSystem = options.fileSystem ?? new NodeFileSystem();
    this.flusher = options.flusher ?? new Flusher();
    this.clock = options.clock ?? systemClock;
    this.tailCache = new TailCache(this.config.tailCacheBytes);
    this.epochCache = epochCache;
  }

  // ---------------------------------------------------------------- opening and recovery

  /** Opens (creating when missing) and recovers the log in `options.directory`. */
  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    const fileSystem = options.fileSystem ?? new NodeFileSystem();
    const directory = options.directory;
    await fileSystem.mkdir(directory);
    const epochBytes = await fileSystem.readFile(join(directory, LEADER_EPOCH_CHECKPOINT_FILE));
    const epochCache =
      epochBytes === undefined
        ? new LeaderEpochCache()
        : LeaderEpochCache.parse(epochBytes, join(directory, LEADER_EPOCH_CHECKPOINT_FILE));
    const log = new PartitionLog({ ...options, fileSystem }, epochCache);
    await log.load();
    return log;
  }

  private async load(): Promise<void> {
    const names = await this.fileSystem.readdir(this.directory);
    await this.completeInterruptedSwaps(names);
    const statePath = join(this.directory, LOG_STATE_CHECKPOINT_FILE);
    const stateBytes = await this.fileSystem.readFile(statePath);
    const state: LogStateCheckpoint =
      stateBytes === undefined
        ? { recoveryPoint: 0, logStartOffset: 0, highWatermark: 0 }
        : parseLogState(stateBytes, statePath);
    const cleanShutdown = await this.fileSystem.exists(join(this.directory, CLEAN_SHUTDOWN_FILE));
    const current = await this.fileSystem.readdir(this.directory);
    for (const name of current) {
      if (name.endsWith(".tmp") || name.endsWith(CLEANED_FILE_SUFFIX)) {
        await this.fileSystem.unlink(join(this.directory, name));
      }
    }
    const baseOffsets = current
      .map((name) => parseSegmentFileName(name, LOG_FILE_SUFFIX))
      .filter((offset): offset is number => offset !== undefined)
      .sort((a, b) => a - b);
    let segmentsRecovered = 0;
    let truncatedBytes = 0;
    let segmentsDeleted = 0;
    let reason: string | undefined;
    let truncateRest = false;
    const nowMs = this.clock.now();
    for (let index = 0; index < baseOffsets.length; index += 1) {
      const baseOffset = baseOffsets[index] as number;
      const nextSegmentBaseOffset = baseOffsets[index + 1] ?? Number.MAX_SAFE_INTEGER;
      if (truncateRest) {
        // Everything after a truncated batch is gone, including later segments.
        for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
          await this.fileSystem.unlink(segmentFilePath(this.directory, baseOffset, suffix));
        }
        segmentsDeleted += 1;
        continue;
      }
      const recover = !cleanShutdown && nextSegmentBaseOffset > state.recoveryPoint;
      const { segment, recovery } = await LogSegment.load(
        this.fileSystem,
        this.directory,
        baseOffset,
        this.config,
        {
          recover,
          nextSegmentBaseOffset,
          nowMs,
        },
      );
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
      if (recovery !== undefined) await this.reassignEpochs(segment);
      if (index < baseOffsets.length - 1) segment.rolled = true;
      this.segments.push(segment);
    }
    if (this.segments.length === 0) {
      this.segments.push(
        await LogSegment.create(this.fileSystem, this.directory, state.logStartOffset, this.config, nowMs),
      );
    }
    const active = this.activeSegment();
    active.rolled = false;
    this.endOffset = active.nextOffset;
    this.nextAssignedOffset = this.endOffset;
    this.startOffset = Math.min(
      Math.max(state.logStartOffset, (this.segments[0] as LogSegment).baseOffset),
      this.endOffset,
    );
    this.highWatermarkOffset = Math.min(Math.max(state.highWatermark, this.startOffset), this.endOffset);
    this.epochCache.truncateFromEnd(this.endOffset);
    this.epochCache.truncateFromStart(this.startOffset);
    // Whatever survived is made durable now, so flushedOffset can start at the log end.
    for (const segment of this.segments) if (segment.isDirty || !cleanShutdown) await segment.flush();
    this.durableEndOffset = this.endOffset;
    await this.fileSystem.unlink(join(this.directory, CLEAN_SHUTDOWN_FILE));
    await this.fileSystem.syncDirectory(this.directory);
    await this.writeEpochCheckpoint();
    this.recovery = {
      cleanShutdown,
      segmentsRecovered,
      truncatedBytes,
      segmentsDeleted,
      ...(reason === undefined ? {} : { reason }),
    };
    if (this.config.flushPolicy === "interval") {
      this.intervalTimer = setInterval(() => {
        if (this.segments.some((segment) => segment.isDirty)) this.flusher.request(this);
      }, this.config.flushIntervalMs);
      this.intervalTimer.unref();
    }
  }

  /** Re-reads the leader epochs of a recovered segment's batches (Kafka does the same). */
  private async reassignEpochs(segment: LogSegment): Promise<void> {
    await segment.scanHeaders(0, segment.sizeBytes, ({ header }) => {
      if (header.partitionLeaderEpoch > (this.epochCache.latest()?.epoch ?? -1)) {
        this.epochCache.assign(header.partitionLeaderEpoch, header.baseOffset);
      }
      return true;
    });
  }

  /**
   * The cleaner commits a swap by renaming `<base>.log.cleaned` to `.swap` (after writing the
   * `.replaces` manifest); a `.swap` found here means the crash came after that commit point:
   * finish it. A manifest without its `.swap` is from before the commit point (or after the
   * swap finished): it goes, and the segments it names stay.
   */
  private async completeInterruptedSwaps(names: readonly string[]): Promise<void> {
    for (const name of names) {
      if (name.endsWith(SWAP_FILE_SUFFIX)) await this.completeSwap(name);
    }
    for (const name of names) {
      if (!name.endsWith(SWAP_MANIFEST_SUFFIX)) continue;
      const swap = `${name.slice(0, -SWAP_MANIFEST_SUFFIX.length)}${SWAP_FILE_SUFFIX}`;
      if (!names.includes(swap)) await this.fileSystem.unlink(join(this.directory, name));
    }
  }

  /**
   * Step 3 of a swap (see swapCleanedSegments), idempotent so recovery can redo it: delete the
   * segments the manifest names (the first has the swap's base offset), rename the `.swap` to
   * `.log`, delete the manifest.
   */
  private async completeSwap(swap: string): Promise<void> {
    const inner = swap.slice(0, -SWAP_FILE_SUFFIX.length);
    const baseOffset = parseSegmentFileName(inner, LOG_FILE_SUFFIX);
    if (baseOffset === undefined) return;
    const manifestPath = join(this.directory, `${inner}${SWAP_MANIFEST_SUFFIX}`);
    const manifest = await this.fileSystem.readFile(manifestPath);
    const replaced = new Set([baseOffset]);
    for (const line of manifest?.toString("utf8").split("\n") ?? []) {
      const offset = Number(line);
      if (line.length > 0 && Number.isSafeInteger(offset)) replaced.add(offset);
    }
    for (const offset of replaced) {
      for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
        await this.fileSystem.unlink(segmentFilePath(this.directory, offset, suffix));
      }
    }
    await this.fileSystem.rename(join(this.directory, swap), join(this.directory, inner));
    await this.fileSystem.syncDirectory(this.directory);
    await this.fileSystem.unlink(manifestPath);
    await this.fileSystem.syncDirectory(this.directory);
  }

  // ---------------------------------------------------------------- config

  get config(): LogConfig {
    return this.currentConfig;
  }

  /**
   * Replaces the log's config (a topic config changed), resolved over the defaults like the
   * config given to `open`; a bad value throws INVALID_CONFIG and changes nothing. Takes effect
   * at once: the next append checks max.message.bytes and rolls by the new segment.bytes /
   * segment.ms, the next retention check uses retention.ms / retention.bytes, the next cleaner
   * pass follows cleanup.policy and delete.retention.ms. Segments already created keep the index
   * settings (segment.index.bytes, index.interval.bytes) they were created with.
   *
   * Settings of the process rather than of a topic (flush policy, flush.ms, tail cache size)
   * are fixed when the log opens: a change of them is INVALID_CONFIG.
   */
  updateConfig(config: Partial<LogConfig>): LogConfig {
    const next = resolveLogConfig(config);
    for (const name of ["flushPolicy", "flushIntervalMs", "tailCacheBytes"] as const) {
      if (next[name] !== this.currentConfig[name]) {
        throw new RillError(
          "INVALID_CONFIG",
          `${name} of ${this.directory} is fixed while the log is open (${String(this.currentConfig[name])})`,
          { details: { name, value: next[name] } },
        );
      }
    }
    this.currentConfig = next;
    return next;
  }

  // ---------------------------------------------------------------- offsets

  get logStartOffset(): number {
    return this.startOffset;
  }

  /** One past the last offset whose write returned: what readers can see. */
  get logEndOffset(): number {
    return this.endOffset;
  }

  /** One past the last offset covered by an fdatasync. */
  get flushedOffset(): number {
    return this.durableEndOffset;
  }

  get highWatermark(): number {
    return this.highWatermarkOffset;
  }

  get isOffline(): boolean {
    return this.offlineError !== undefined;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.sizeBytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Base offsets of the segments, oldest first (for tests and tools). */
  segmentBaseOffsets(): number[] {
    return this.segments.map((segment) => segment.baseOffset);
  }

  /** Whether the active segment holds no batch: the log ends on a segment boundary. */
  get activeSegmentIsEmpty(): boolean {
    return this.activeSegment().isEmpty;
  }

  // ---------------------------------------------------------------- bulk copy (sealed segments)

  /**
   * The base offsets of the sealed (rolled, fully durable) segments a bulk copy from `offset`
   * sends: from the segment starting at `offset` (or the first one, when `offset` is below it) to
   * the last sealed one. Empty when no sealed segment starts there.
   */
  sealedSegmentsFrom(offset: number): number[] {
    const sealed = this.segments
      .slice(0, -1)
      .filter((segment) => segment.nextOffset <= this.durableEndOffset);
    const first = sealed[0];
    if (first === undefined) return [];
    const from = Math.max(offset, first.baseOffset);
    const index = sealed.findIndex((segment) => segment.baseOffset === from);
    return index < 0 ? [] : sealed.slice(index).map((segment) => segment.baseOffset);
  }

  /** A sealed segment's description and index files, or undefined when it is gone (retention). */
  sealedSegment(baseOffset: number): SealedSegment | undefined {
    const segment = this.segments.slice(0, -1).find((candidate) => candidate.baseOffset === baseOffset);
    if (segment === undefined) return undefined;
    const entries = this.epochCache.entries();
    const epochs = entries
      .filter((entry, index) => {
        const nextStart = entries[index + 1]?.startOffset ?? Number.MAX_SAFE_INTEGER;
        return entry.startOffset < segment.nextOffset && nextStart > segment.baseOffset;
      })
      .map((entry) => ({ epoch: entry.epoch, startOffset: Math.max(entry.startOffset, segment.baseOffset) }));
    return {
      baseOffset,
      nextOffset: segment.nextOffset,
      logBytes: segment.sizeBytes,
      offsetIndex: segment.offsetIndex.serialize(),
      timeIndex: segment.timeIndex.serialize(),
      epochs,
    };
  }

  /** Bytes of a segment's `.log` file; OFFSET_OUT_OF_RANGE when the segment is gone. */
  async readSegmentFile(baseOffset: number, position: number, length: number): Promise<Buffer> {
    const segment = this.segments.find((candidate) => candidate.baseOffset === baseOffset);
    if (segment === undefined) {
      throw new RillError("OFFSET_OUT_OF_RANGE", `segment ${baseOffset} of ${this.directory} is gone`);
    }
    return segment.readFileBytes(position, length);
  }

  /** The bulk copy staged in this log's directory (to resume), or undefined. */
  findStagedSegment(): Promise<StagedSegment | undefined> {
    return StagedSegment.find(this.fileSystem, this.directory);
  }

  /** Starts staging a copied segment here (any other staged copy is discarded). */
  stageSegment(header: StagedSegmentHeader): Promise<StagedSegment> {
    return StagedSegment.create(this.fileSystem, this.directory, header);
  }

  /** Removes an abandoned or stale staged copy. */
  discardStagedSegments(): Promise<void> {
    return StagedSegment.discardAll(this.fileSystem, this.directory);
  }

  /**
   * Installs a completely copied segment (bulk copy) at the log end, which must be an empty
   * active segment with the same base offset. Crash-safe: the staged files are already fsynced;
   * the index files are renamed into place first, then the `.log` file over the empty one (the
   * commit point: before it recovery finds the empty segment and rebuilds its indexes, after it
   * the copied segment), then the directory is fsynced and a new empty active segment starts at
   * the copied segment's end. The segment's leader epochs join the epoch cache.
   */
  installStagedSegment(staged: StagedSegment): Promise<void> {
    return this.enqueueOperation(async () => {
      const active = this.activeSegment();
      const { header } = staged;
      if (
        !active.isEmpty ||
        active.baseOffset !== header.baseOffset ||
        this.endOffset !== header.baseOffset
      ) {
        throw new RillError(
          "OFFSET_OUT_OF_RANGE",
          `cannot install segment ${header.baseOffset}: ${this.directory} ends at ${this.endOffset}`,
        );
      }
      try {
        await active.close();
        await this.fileSystem.rename(staged.stagedPath("offsetIndex"), staged.finalPath("offsetIndex"));
        await this.fileSystem.rename(staged.stagedPath("timeIndex"), staged.finalPath("timeIndex"));
        await this.fileSystem.rename(staged.stagedPath("log"), staged.finalPath("log"));
        await this.fileSystem.syncDirectory(this.directory);
        const { segment } = await LogSegment.load(
          this.fileSystem,
          this.directory,
          header.baseOffset,
          this.config,
          {
            recover: false,
            nextSegmentBaseOffset: header.nextOffset,
            nowMs: this.clock.now(),
          },
        );
        segment.rolled = true;
        this.segments[this.segments.length - 1] = segment;
        // The bytes say where the segment ends (they were checked chunk by chunk on the way).
        const end = segment.nextOffset;
        this.segments.push(
          await LogSegment.create(this.fileSystem, this.directory, end, this.config, this.clock.now()),
        );
        await this.fileSystem.syncDirectory(this.directory);
        await this.fileSystem.unlink(staged.progressPath());
        this.endOffset = end;
        this.nextAssignedOffset = end;
        for (const entry of header.epochs) {
          if (entry.epoch > (this.epochCache.latest()?.epoch ?? -1) && entry.startOffset < end) {
            this.epochCache.assign(entry.epoch, entry.startOffset);
          }
        }
      } catch (error) {
        const offline = storageError(
          `installing copied segment ${header.baseOffset} in ${this.directory} failed`,
          error,
        );
        this.goOffline(offline);
        throw offline;
      }
      this.advanceFlushed(this.endOffset);
      await this.writeEpochCheckpoint();
      await this.checkpointNow();
    });
  }

  /** Replication moves the HW; it is clamped to [logStartOffset, logEndOffset]. */
  setHighWatermark(offset: number): void {
    this.checkUsable();
    if (!Number.isSafeInteger(offset)) throw new RangeError(`high watermark ${offset} is not an integer`);
    this.highWatermarkOffset = Math.min(Math.max(offset, this.startOffset), this.endOffset);
  }

  endOffsetForEpoch(epoch: number): EpochEndOffset {
    this.checkUsable();
    return this.epochCache.endOffsetFor(epoch, this.endOffset);
  }

  leaderEpochs(): readonly EpochEntry[] {
    return this.epochCache.entries();
  }

  /**
   * A new leader records that `epoch` starts at `startOffset` (the log end) before it writes a
   * batch, so followers can learn where the previous epoch ended (KIP-101). Takes effect at once;
   * the checkpoint is written in the background (a failed write takes the log offline). A no-op
   * when `epoch` is not newer than the latest. The caller passes the log end as it will be once
   * its queued truncations ran (they already cut the epoch cache, see truncateTo).
   */
  assignEpochStartOffset(epoch: number, startOffset: number): void {
    this.checkUsable();
    this.epochCache.assign(epoch, startOffset);
    this.writeEpochCheckpointInBackground();
  }

  /**
   * Drops the epoch-cache entries starting at or after `offset`, at once (as in Kafka, where the
   * log and its cache change under one lock): truncateTo calls it before its queued truncation
   * runs, so no lookup sees an epoch that is going; a replica calls it alone when no record goes
   * (an epoch it assigned as leader at the log end). Batches written meanwhile re-add theirs;
   * the queued truncation drops them again.
   */
  truncateEpochsFrom(offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || this.offlineError !== undefined || this.closed) return;
    this.epochCache.truncateFromEnd(offset);
    this.writeEpochCheckpointInBackground();
  }

  private writeEpochCheckpointInBackground(): void {
    this.writeEpochCheckpoint().catch((error: unknown) => {
      this.goOffline(storageError(`writing the leader-epoch checkpoint of ${this.directory} failed`, error));
    });
  }

  private activeSegment(): LogSegment {
    const active = this.segments.at(-1);
    if (active === undefined) throw new Error("assertion: a log always has an active segment");
    return active;
  }

  private checkUsable(): void {
    if (this.offlineError !== undefined) throw this.offlineError;
    if (this.closed) throw new RillError("STORAGE_ERROR", `log ${this.directory} is closed`);
  }

  // ---------------------------------------------------------------- append

  /**
   * Leader append of batches the broker validated at its edge (validateProducedBatches: header,
   * CRC and records checked once, there; nothing is checked again here). Offsets are assigned
   * synchronously, in call order, by stamping baseOffset (and partitionLeaderEpoch when
   * `leaderEpoch` is given) in place; the bytes are then written as they are. Returns the offsets
   * at once, with promises for the write and for durability. Throws (nothing appended) when the
   * log is offline or closed, or RECORD_LIST_TOO_LARGE when the request exceeds segment.bytes.
   * The log takes ownership of the bytes (it may serve them from the tail cache).
   */
  append(validated: ValidatedRecordBatches, options: { readonly leaderEpoch?: number } = {}): AppendResult {
    this.checkUsable();
    this.checkAppendSize(validated.bytes);
    const bytes = validated.bytes;
    const firstOffset = this.nextAssignedOffset;
    let nextOffset = firstOffset;
    const stamped: RecordBatchHeader[] = [];
    for (const { position, header } of validated.batches) {
      assert(header.lastOffsetDelta >= 0, "the edge validator refuses empty batches from producers");
      setBaseOffset(bytes, position, nextOffset);
      if (options.leaderEpoch !== undefined) setPartitionLeaderEpoch(bytes, position, options.leaderEpoch);
      stamped.push({
        ...header,
        baseOffset: nextOffset,
        lastOffset: nextOffset + header.lastOffsetDelta,
        partitionLeaderEpoch: options.leaderEpoch ?? header.partitionLeaderEpoch,
      });
      nextOffset += header.lastOffsetDelta + 1;
    }
    return this.enqueueWrite(bytes, stamped, firstOffset, nextOffset - 1);
  }

  /**
   * Follower append (replication) of batches checked once on this follower
   * (validateReplicatedBatches): they keep the leader's offsets and epochs. Offsets must start at
   * or after the log end and increase (INVALID_REQUEST otherwise: the follower must truncate
   * first). Throws as `append` does; returns as `append` does.
   */
  appendAsFollower(validated: ValidatedRecordBatches): AppendResult {
    this.checkUsable();
    // No size limits here: the leader accepted these batches under the limits of their time, so,
    // as Kafka's appendAsFollower, a max.message.bytes lowered since, or a replication round
    // larger than segment.bytes (an empty segment takes it whole), must not stall replication.
    const headers = validated.batches.map((batch) => batch.header);
    let expected = this.nextAssignedOffset;
    for (const header of headers) {
      if (header.baseOffset < expected || header.lastOffset < header.baseOffset) {
        throw new RillError(
          "INVALID_REQUEST",
          `follower append of offsets ${header.baseOffset}..${header.lastOffset} does not follow ${expected - 1}`,
        );
      }
      expected = header.lastOffset + 1;
    }
    const first = headers[0] as RecordBatchHeader;
    return this.enqueueWrite(validated.bytes, headers, first.baseOffset, expected - 1);
  }

  /** One leader write must fit in a segment (a storage limit, not batch validation). */
  private checkAppendSize(bytes: Uint8Array): void {
    if (bytes.length > this.config.segmentBytes) {
      throw new RillError("RECORD_LIST_TOO_LARGE", `${bytes.length} bytes exceed segment.bytes`);
    }
  }

  private enqueueWrite(
    bytes: Uint8Array,
    headers: readonly RecordBatchHeader[],
    firstOffset: number,
    lastOffset: number,
  ): AppendResult {
    this.nextAssignedOffset = lastOffset + 1;
    const maxTimestamp = headers.reduce((max, header) => Math.max(max, header.maxTimestamp), -1);
    const written = new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: "write", bytes, headers, firstOffset, lastOffset, resolve, reject });
      this.kick();
    });
    const durable = written.then(() => this.durablePromise(lastOffset));
    written.catch(() => undefined);
    durable.catch(() => undefined);
    return {
      firstOffset,
      lastOffset,
      baseOffsets: headers.map((header) => header.baseOffset),
      maxTimestamp,
      written,
      durable,
    };
  }

  private durablePromise(lastOffset: number): Promise<void> {
    if (this.config.flushPolicy === "none" || lastOffset < this.durableEndOffset) return Promise.resolve();
    if (this.offlineError !== undefined) return Promise.reject(this.offlineError);
    return new Promise((resolve, reject) => {
      this.durableWaiters.push({ lastOffset, resolve, reject });
      if (this.config.flushPolicy === "group-commit") this.flusher.request(this);
    });
  }

  /** Runs queued operations one at a time; consecutive writes share one writev. */
  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0] as PendingWrite | PendingOperation;
        if (this.offlineError !== undefined) {
          this.queue.shift();
          head.reject(this.offlineError);
          continue;
        }
        if (head.kind === "operation") {
          this.queue.shift();
          try {
            await head.run();
          } catch (error) {
            head.reject(error);
          }
          continue;
        }
        await this.writeGroup();
      }
    } finally {
      this.draining = false;
    }
  }

  private async writeGroup(): Promise<void> {
    const first = this.queue[0] as PendingWrite;
    let active = this.activeSegment();
    const nowMs = this.clock.now();
    const rollOptions = { segmentBytes: this.config.segmentBytes, segmentMs: this.config.segmentMs, nowMs };
    try {
      if (active.shouldRoll({ ...rollOptions, writeBytes: first.bytes.length })) {
        active = await this.rollSegment(this.endOffset);
      }
    } catch (error) {
      this.goOffline(storageError(`rolling a segment of ${this.directory} failed`, error));
      return;
    }
    const group: PendingWrite[] = [];
    let groupBytes = 0;
    for (const item of this.queue) {
      if (item.kind !== "write") break;
      if (group.length > 0) {
        if (groupBytes + item.bytes.length > this.config.writeBatchBytesMax) break;
        if (active.shouldRoll({ ...rollOptions, writeBytes: groupBytes + item.bytes.length })) break;
      }
      group.push(item);
      groupBytes += item.bytes.length;
    }
    this.queue.splice(0, group.length);
    const batches: SegmentBatch[] = [];
    for (const item of group) {
      for (const header of item.headers) {
        batches.push({
          lastOffset: header.lastOffset,
          maxTimestamp: header.maxTimestamp,
          sizeInBytes: header.sizeInBytes,
        });
      }
    }
    try {
      await active.append(
        group.map((item) => item.bytes),
        batches,
      );
    } catch (error) {
      const offline = storageError(`write to ${this.directory} failed: ${(error as Error).message}`, error);
      this.goOffline(offline);
      for (const item of group) item.reject(offline);
      return;
    }
    let epochChanged = false;
    for (const item of group) {
      let position = 0;
      for (const header of item.headers) {
        const epoch = header.partitionLeaderEpoch;
        if (epoch >= 0 && epoch > (this.epochCache.latest()?.epoch ?? -1)) {
          this.epochCache.assign(epoch, header.baseOffset);
          epochChanged = true;
        }
        this.tailCache.add(
          header.baseOffset,
          header.lastOffset,
          item.bytes.subarray(position, position + header.sizeInBytes),
        );
        position += header.sizeInBytes;
      }
      this.endOffset = item.lastOffset + 1;
    }
    if (epochChanged) {
      try {
        await this.writeEpochCheckpoint();
      } catch (error) {
        this.goOffline(
          storageError(`writing the leader-epoch checkpoint of ${this.directory} failed`, error),
        );
      }
    }
    for (const item of group) item.resolve();
  }

  private async rollSegment(baseOffset: number): Promise<LogSegment> {
    const previous = this.activeSegment();
    if (baseOffset < previous.nextOffset) {
      throw new Error(
        `assertion: new segment ${baseOffset} would overlap ${previous.baseOffset}..${previous.nextOffset - 1}`,
      );
    }
    const segment = await LogSegment.create(
      this.fileSystem,
      this.directory,
      baseOffset,
      this.config,
      this.clock.now(),
    );
    previous.roll();
    this.segments.push(segment);
    // The new file's directory entry and the rolled segment's indexes become durable in the next flush.
    this.flusher.request(this);
    return segment;
  }

  // ---------------------------------------------------------------- flushing

  /** For the Flusher: fdatasync every dirty segment, then settle the appends covered. */
  async flushDirty(): Promise<void> {
    if (this.offlineError !== undefined || this.closed) return;
    const target = this.endOffset;
    const truncationsBefore = this.truncations;
    const dirty = this.segments.filter((segment) => segment.isDirty);
    try {
      if (dirty.length > 1) await this.fileSystem.syncDirectory(this.directory);
      await Promise.all(
        dirty.map(async (segment) => {
          try {
            await segment.flush();
          } catch (error) {
            // A segment deleted meanwhile (retention, truncation) has nothing left to flush.
            if (this.segments.includes(segment)) throw error;
          }
        }),
      );
    } catch (error) {
      this.goOffline(
        storageError(`fdatasync of ${this.directory} failed: ${(error as Error).message}`, error),
      );
      return;
    }
    if (this.truncations !== truncationsBefore) {
      this.flusher.request(this);
      return;
    }
    this.advanceFlushed(target);
  }

  private advanceFlushed(target: number): void {
    this.durableEndOffset = Math.max(this.durableEndOffset, target);
    let settled = 0;
    while (
      settled < this.durableWaiters.length &&
      (this.durableWaiters[settled] as DurableWaiter).lastOffset < this.durableEndOffset
    ) {
      (this.durableWaiters[settled] as DurableWaiter).resolve();
      settled += 1;
    }
    this.durableWaiters.splice(0, settled);
  }

  /** Flushes everything written so far (whatever the policy); resolves when durable. */
  async flush(): Promise<void> {
    this.checkUsable();
    const target = this.endOffset;
    if (target <= this.durableEndOffset && !this.segments.some((segment) => segment.isDirty)) return;
    await new Promise<void>((resolve, reject) => {
      this.durableWaiters.push({ lastOffset: target - 1, resolve, reject });
      this.durableWaiters.sort((a, b) => a.lastOffset - b.lastOffset);
      this.flusher.request(this);
    });
  }

  private goOffline(error: RillError): void {
    if (this.offlineError !== undefined) return;
    this.offlineError = error;
    const waiters = this.durableWaiters;
    this.durableWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
    const queued = this.queue;
    this.queue = [];
    for (const item of queued) item.reject(error);
  }

  // ---------------------------------------------------------------- read

  /**
   * Whole batches starting with the one that holds `offset`: at least one (even if larger than
   * `maxBytes`), up to `maxBytes`, none holding an offset >= `maxOffset` (default: the log end;
   * pass the high watermark for consumers). OFFSET_OUT_OF_RANGE below the log start or above the
   * log end. Tailing reads are served from the tail cache; older ones from the segment files.
   */
  async read(
    offset: number,
    maxBytes: number,
    options: { readonly maxOffset?: number } = {},
  ): Promise<LogReadResult> {
    const result = await this.readChunks(offset, maxBytes, options);
    const { chunks, byteLength, nextOffset, fromTailCache } = result;
    if (chunks.length === 0) return { bytes: Buffer.alloc(0), nextOffset, fromTailCache };
    const only = chunks[0] as Uint8Array;
    const bytes =
      chunks.length === 1
        ? Buffer.from(only.buffer, only.byteOffset, only.length)
        : Buffer.concat(chunks, byteLength);
    return { bytes, nextOffset, fromTailCache };
  }

  /**
   * As `read` (same contract and errors), but returns the batches as they are held: several
   * tail-cache batches are not concatenated, so a writer that frames them into its own message
   * (replication) copies the record bytes once.
   */
  async readChunks(
    offset: number,
    maxBytes: number,
    options: { readonly maxOffset?: number } = {},
  ): Promise<LogChunksReadResult> {
    this.checkUsable();
    if (!Number.isSafeInteger(offset) || offset < this.startOffset || offset > this.endOffset) {
      throw new RillError(
        "OFFSET_OUT_OF_RANGE",
        `offset ${offset} is outside [${this.startOffset}, ${this.endOffset}] of ${this.directory}`,
        { details: { offset, logStartOffset: this.startOffset, logEndOffset: this.endOffset } },
      );
    }
    if (!(maxBytes >= 0)) throw new RillError("INVALID_FETCH_SIZE", `maxBytes ${maxBytes}`);
    const maxOffset = Math.min(options.maxOffset ?? this.endOffset, this.endOffset);
    const empty: LogChunksReadResult = {
      chunks: [],
      byteLength: 0,
      nextOffset: offset,
      fromTailCache: false,
    };
    if (offset >= maxOffset) return empty;
    const cached = this.tailCache.readChunks(offset, maxBytes, maxOffset);
    if (cached !== undefined) {
      const { batches, byteLength, nextOffset } = cached;
      return { chunks: batches, byteLength, nextOffset, fromTailCache: true };
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        const bytes = await this.readSegments(offset, maxBytes, maxOffset);
        return bytes === undefined || bytes.length === 0
          ? empty
          : {
              chunks: [bytes],
              byteLength: bytes.length,
              nextOffset: nextOffsetAfter(bytes, offset),
              fromTailCache: false,
            };
      } catch (error) {
        // The segment may have been deleted under the read (retention, truncation): retry.
        if (attempt >= READ_RETRIES_MAX || this.offlineError !== undefined) throw error;
        if (offset < this.startOffset || offset > this.endOffset) {
          throw new RillError("OFFSET_OUT_OF_RANGE", `offset ${offset} left the log during the read`);
        }
      }
    }
  }

  private async readSegments(
    offset: number,
    maxBytes: number,
    maxOffset: number,
  ): Promise<Buffer | undefined> {
    const segments = this.segments;
    let index = floorSegmentIndex(segments, offset);
    for (; index < segments.length; index += 1) {
      const segment = segments[index] as LogSegment;
      const bytes = await segment.read(offset, maxBytes, maxOffset);
      if (bytes !== undefined) return bytes;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- lookups

  /**
   * ListOffsets by timestamp: the first offset (>= log start) whose record timestamp is >=
   * `timestamp`, with that timestamp; undefined when every record is older.
   */
  async offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number } | undefined> {
    this.checkUsable();
    for (const segment of this.segments) {
      if (segment.maxTimestamp < timestamp) continue;
      const location = await segment.findBatchByTimestamp(timestamp);
      if (location === undefined) continue;
      const bytes = await segment.read(location.header.baseOffset, 0, Number.MAX_SAFE_INTEGER);
      if (bytes === undefined || bytes.length === 0) continue;
      const batch = decodeRecordBatch(bytes);
      for (const record of batch.records) {
        if (record.offset >= this.startOffset && record.timestamp >= timestamp) {
          return { offset: record.offset, timestamp: record.timestamp };
        }
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- queued operations

  /** Runs `run` in the append queue (after every earlier append), returning its result. */
  private enqueueOperation<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      try {
        this.checkUsable();
      } catch (error) {
        reject(error);
        return;
      }
      this.queue.push({
        kind: "operation",
        run: async () => {
          try {
            resolve(await run());
          } catch (error) {
            reject(error);
          }
        },
        reject,
      });
      this.kick();
    });
  }

  /** Rolls a new active segment at the log end (no-op when the active segment is empty). */
  roll(): Promise<void> {
    return this.enqueueOperation(async () => {
      if (this.activeSegment().isEmpty) return;
      await this.rollSegment(this.endOffset);
    });
  }

  /**
   * Follower divergence (KIP-101): removes every batch holding an offset >= `offset` (a batch
   * straddling it goes whole, so the new log end is <= `offset`). Durable before it resolves.
   */
  truncateTo(offset: number): Promise<void> {
    this.truncateEpochsFrom(offset);
    return this.enqueueOperation(async () => {
      if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`truncate offset ${offset}`);
      if (offset >= this.endOffset) return;
      if (offset <= this.startOffset) {
        // Kafka: truncating below the log start empties the log at that offset.
        await this.resetTo(offset);
        return;
      }
      this.truncations += 1;
      try {
        while (this.segments.length > 1 && this.activeSegment().baseOffset >= offset) {
          const removed = this.segments.pop() as LogSegment;
          await removed.delete();
        }
        const active = this.activeSegment();
        await active.truncateTo(offset);
        active.rolled = false;
        await this.fileSystem.syncDirectory(this.directory);
      } catch (error) {
        const offline = storageError(`truncation of ${this.directory} failed`, error);
        this.goOffline(offline);
        throw offline;
      }
      if (this.activeSegment().nextOffset < this.startOffset) {
        // The batch straddling the log start went too: nothing readable is left.
        await this.resetTo(this.startOffset);
        return;
      }
      this.afterTruncation(this.activeSegment().nextOffset);
      await this.writeEpochCheckpoint();
      // The recovery point must not stay above the truncation (recovery would trust stale files).
      await this.checkpointNow();
    });
  }

  private afterTruncation(newEnd: number): void {
    this.endOffset = newEnd;
    this.nextAssignedOffset = newEnd;
    this.durableEndOffset = Math.min(this.durableEndOffset, newEnd);
    this.highWatermarkOffset = Math.min(this.highWatermarkOffset, newEnd);
    this.tailCache.truncateTo(newEnd);
    this.epochCache.truncateFromEnd(newEnd);
  }

  /** Deletes everything and starts an empty log at `offset` (a follower too far behind). */
  truncateFullyAndStartAt(offset: number): Promise<void> {
    // The epoch cache empties at once, as in truncateTo.
    if (this.offlineError === undefined && !this.closed) this.epochCache.clear();
    return this.enqueueOperation(() => this.resetTo(offset));
  }

  private async resetTo(offset: number): Promise<void> {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`start offset ${offset}`);
    this.truncations += 1;
    try {
      const old = this.segments;
      const fresh = await LogSegment.create(
        this.fileSystem,
        this.directory,
        offset,
        this.config,
        this.clock.now(),
      );
      this.segments = [fresh];
      for (const segment of old)
        if (segment.baseOffset !== offset) await segment.delete();
        else await segment.close();
      await this.fileSystem.syncDirectory(this.directory);
    } catch (error) {
      const offline = storageError(`reset of ${this.directory} failed`, error);
      this.goOffline(offline);
      throw offline;
    }
    this.startOffset = offset;
    this.endOffset = offset;
    this.nextAssignedOffset = offset;
    this.durableEndOffset = offset;
    this.highWatermarkOffset = offset;
    this.tailCache.clear();
    this.epochCache.clear();
    await this.writeEpochCheckpoint();
    await this.checkpointNow();
  }

  /**
   * DeleteRecords: moves the log start offset to `offset` (<= high watermark, else
   * OFFSET_OUT_OF_RANGE) and deletes the segments wholly below it. Durable before it resolves.
   */
  deleteRecordsBefore(offset: number): Promise<void> {
    return this.enqueueOperation(async () => {
      if (!Number.isSafeInteger(offset) || offset > this.highWatermarkOffset) {
        throw new RillError(
          "OFFSET_OUT_OF_RANGE",
          `cannot delete records before ${offset}: above the high watermark ${this.highWatermarkOffset}`,
        );
      }
      if (offset <= this.startOffset) return;
      this.startOffset = offset;
      this.epochCache.truncateFromStart(offset);
      await this.checkpointNow();
      await this.deleteSegmentsWhile((_segment, next) => next !== undefined && next.baseOffset <= offset);
    });
  }

  /**
   * Retention (cleanup.policy=delete): deletes the oldest closed segments whose newest record is
   * older than retention.ms, then while the log is larger than retention.bytes. Only segments
   * wholly below the high watermark go (never data a replica may still need). Returns the number
   * of segments deleted.
   */
  applyRetention(): Promise<number> {
    return this.enqueueOperation(async () => {
      if (!this.config.cleanupPolicy.includes("delete")) return 0;
      const nowMs = this.clock.now();
      let deleted = 0;
      if (this.config.retentionMs >= 0) {
        deleted += await this.deleteSegmentsWhile(
          (segment, next) =>
            next !== undefined &&
            next.baseOffset <= this.highWatermarkOffset &&
            segment.maxTimestamp >= 0 &&
            nowMs - segment.maxTimestamp > this.config.retentionMs,
        );
      }
      if (this.config.retentionBytes >= 0) {
        let excess = this.sizeBytes - this.config.retentionBytes;
        deleted += await this.deleteSegmentsWhile((segment, next) => {
          if (next === undefined || next.baseOffset > this.highWatermarkOffset) return false;
          if (excess - segment.sizeBytes < 0) return false;
          excess -= segment.sizeBytes;
          return true;
        });
      }
      return deleted;
    });
  }

  /** Deletes leading segments (never the active one) while `predicate` holds. In the queue. */
  private async deleteSegmentsWhile(
    predicate: (segment: LogSegment, next: LogSegment | undefined) => boolean,
  ): Promise<number> {
    let count = 0;
    while (this.segments.length > 1) {
      const segment = this.segments[0] as LogSegment;
      const next = this.segments[1];
      if (!predicate(segment, next)) break;
      const newStart = Math.max(this.startOffset, (next as LogSegment).baseOffset);
      if (newStart > this.startOffset) {
        this.startOffset = newStart;
        this.highWatermarkOffset = Math.max(this.highWatermarkOffset, newStart);
        this.epochCache.truncateFromStart(newStart);
        await this.checkpointNow();
      }
      this.segments = this.segments.slice(1);
      await segment.delete();
      count += 1;
    }
    if (count > 0) await this.fileSystem.syncDirectory(this.directory);
    return count;
  }

  // ---------------------------------------------------------------- checkpoints and close

  /** Writes the leader-epoch checkpoint when the cache changed; calls are serialised. */
  private writeEpochCheckpoint(): Promise<void> {
    const run = this.epochCheckpointChain.then(() => this.writeEpochCheckpointNow());
    this.epochCheckpointChain = run.catch(() => undefined);
    return run;
  }

  private async writeEpochCheckpointNow(): Promise<void> {
    if (this.epochCache.version === this.epochCheckpointVersion) return;
    const version = this.epochCache.version;
    await writeFileAtomically(
      this.fileSystem,
      join(this.directory, LEADER_EPOCH_CHECKPOINT_FILE),
      this.epochCache.serialize(),
    );
    this.epochCheckpointVersion = Math.max(this.epochCheckpointVersion, version);
  }

  /**
   * Writes the log-state checkpoint (recovery point = flushed offset, log start, HW) atomically.
   * The LogManager calls it periodically; deleteRecordsBefore and retention call it themselves.
   */
  async checkpoint(): Promise<void> {
    this.checkUsable();
    await this.checkpointNow();
  }

  /** Writes the log-state checkpoint; calls are serialised (they share a temp file). */
  private checkpointNow(): Promise<void> {
    const run = this.stateCheckpointChain.then(() => this.writeStateCheckpoint());
    this.stateCheckpointChain = run.catch(() => undefined);
    return run;
  }

  private async writeStateCheckpoint(): Promise<void> {
    // The recovery point may only pass segments whose data and index files were flushed.
    let recoveryPoint = this.durableEndOffset;
    for (const segment of this.segments) {
      if (segment.isDirty) {
        recoveryPoint = Math.min(recoveryPoint, segment.baseOffset);
        break;
      }
    }
    await writeFileAtomically(
      this.fileSystem,
      join(this.directory, LOG_STATE_CHECKPOINT_FILE),
      serializeLogState({
        recoveryPoint,
        logStartOffset: this.startOffset,
        highWatermark: this.highWatermarkOffset,
      }),
    );
  }

  /**
   * Waits for queued appends, flushes everything (indexes too), writes the checkpoints and the
   * clean-shutdown marker, closes the files. An offline log is closed without the marker (so the
   * next open recovers it).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.intervalTimer !== undefined) clearInterval(this.intervalTimer);
    if (this.offlineError === undefined) {
      try {
        await this.enqueueOperation(async () => undefined);
        await this.flush();
        for (const segment of this.segments) if (!segment.rolled) await segment.persistIndexes();
        await this.writeEpochCheckpoint();
        await this.checkpointNow();
        await writeFileAtomically(
          this.fileSystem,
          join(this.directory, CLEAN_SHUTDOWN_FILE),
          new Uint8Array(0),
        );
      } catch (error) {
        this.goOffline(storageError(`closing ${this.directory} failed`, error));
      }
    }
    this.closed = true;
    for (const segment of this.segments) await segment.close().catch(() => undefined);
  }

  /** Closes the log and removes its directory. */
  async delete(): Promise<void> {
    if (this.intervalTimer !== undefined) clearInterval(this.intervalTimer);
    // Writes already under way (queued appends, a checkpoint's temp file) finish first: one that
    // created a file while the tree was being removed failed the removal (ENOTEMPTY).
    await this.enqueueOperation(async () => undefined).catch(() => undefined);
    this.closed = true;
    await Promise.all([this.epochCheckpointChain, this.stateCheckpointChain]);
    this.goOffline(new RillError("STORAGE_ERROR", `log ${this.directory} was deleted`));
    for (const segment of this.segments) await segment.close().catch(() => undefined);
    await this.fileSystem.removeDirectory(this.directory);
  }

  /** Bumped by every truncation (the cleaner re-checks what it took for clean). */
  get truncationCount(): number {
    return this.truncations;
  }

  /**
   * For the cleaner (LogCleaner): replaces the adjacent segments `replaced` by the cleaned
   * segment in `cleanedPath` (fsynced, same offsets from the first base offset to the last
   * segment's end), unless one of them changed or left meanwhile (then `cleanedPath` is removed
   * and the answer is false). Runs in the append queue. Crash-safe like Kafka's swap:
   * 1. `<base>.log.replaces` lists the replaced base offsets (written atomically);
   * 2. rename `<base>.log.cleaned` → `<base>.log.swap`, fsync the directory: the commit point;
   * 3. delete the replaced segments' files, rename `.swap` → `.log`, delete the manifest.
   * A crash before 2 leaves the old segments (recovery deletes `.cleaned` and the manifest); after
   * it, recovery finishes 3 (completeInterruptedSwaps). Readers of the old segments retry.
   */
  swapCleanedSegments(
    replaced: readonly LogSegment[],
    sizes: readonly number[],
    cleanedPath: string,
  ): Promise<boolean> {
    return this.enqueueOperation(async () => {
      const first = replaced[0];
      const index = first === undefined ? -1 : this.segments.indexOf(first);
      const unchanged =
        index >= 0 &&
        index + replaced.length < this.segments.length &&
        replaced.every(
          (segment, offset) =>
            this.segments[index + offset] === segment && segment.sizeBytes === sizes[offset],
        );
      if (!unchanged || first === undefined) {
        await this.fileSystem.unlink(cleanedPath);
        return false;
      }
      const last = replaced.at(-1) as LogSegment;
      const next = this.segments[index + replaced.length] as LogSegment;
      const logPath = segmentFilePath(this.directory, first.baseOffset, LOG_FILE_SUFFIX);
      const swapPath = `${logPath}${SWAP_FILE_SUFFIX}`;
      const manifestPath = `${logPath}${SWAP_MANIFEST_SUFFIX}`;
      try {
        const manifest = replaced.map((segment) => `${segment.baseOffset}\n`).join("");
        await writeFileAtomically(this.fileSystem, manifestPath, Buffer.from(manifest, "utf8"));
        // Commit point: from here a crash completes the swap on recovery.
        await this.fileSystem.rename(cleanedPath, swapPath);
        await this.fileSystem.syncDirectory(this.directory);
        for (const segment of replaced) await segment.close();
        await this.completeSwap(`${segmentFileStem(first.baseOffset)}${LOG_FILE_SUFFIX}${SWAP_FILE_SUFFIX}`);
        const { segment: fresh } = await LogSegment.load(
          this.fileSystem,
          this.directory,
          first.baseOffset,
          this.config,
          { recover: true, nextSegmentBaseOffset: next.baseOffset, nowMs: this.clock.now() },
        );
        if (fresh.nextOffset !== last.nextOffset) {
          throw new Error(
            `assertion: cleaned segment ${first.baseOffset} ends at ${fresh.nextOffset}, not ${last.nextOffset}`,
          );
        }
        fresh.roll();
        // Readers must see the cleaned bytes, not cached originals.
        this.tailCache.dropBefore(fresh.nextOffset);
        this.segments = [
          ...this.segments.slice(0, index),
          fresh,
          ...this.segments.slice(index + replaced.length),
        ];
        this.flusher.request(this);
        return true;
      } catch (error) {
        const offline = storageError(`swapping in the cleaned segment ${first.baseOffset} failed`, error);
        this.goOffline(offline);
        throw offline;
      }
    });
  }

  /** Segments the cleaner may rewrite: closed (rolled) ones wholly below the high watermark. */
  cleanableSegments(): readonly LogSegment[] {
    const result: LogSegment[] = [];
    for (let index = 0; index < this.segments.length - 1; index += 1) {
      const segment = this.segments[index] as LogSegment;
      const next = this.segments[index + 1] as LogSegment;
      if (next.baseOffset > this.highWatermarkOffset) break;
      result.push(segment);
    }
    return result;
  }
}

function floorSegmentIndex(segments: readonly LogSegment[], offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((segments[middle] as LogSegment).baseOffset <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** lastOffset + 1 of the last batch in `bytes` (walking headers), or `fallback` when empty. */
function nextOffsetAfter(bytes: Buffer, fallback: number): number {
  let position = 0;
  let next = fallback;
  while (position < bytes.length) {
    const header = readRecordBatchHeader(bytes, position);
    next = header.lastOffset + 1;
    position += header.sizeInBytes;
  }
  return next;
}
