import { RillError, type ValidatedRecordBatches } from "@rill/protocol";
import { type Clock, systemClock } from "@rill/protocol/time";
import type { EpochEntry, LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import { Flusher } from "../flush/flusher.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import { NodeFileSystem } from "../fs/node-file-system.js";
import { type LogConfig, resolveLogConfig } from "../log-config.js";
import type { LogSegment } from "../segment/log-segment.js";
import { StagedSegment, type StagedSegmentHeader } from "../segment/staged-segment.js";
import { LocalLog } from "./local-log.js";
import { type AppendResult, LogAppender } from "./log-appender.js";
import { LogCheckpoints } from "./log-checkpoints.js";
import { LogDurability } from "./log-durability.js";
import { loadLog, type RecoveryReport, readLeaderEpochCache } from "./log-loader.js";
import { LogOffsets } from "./log-offsets.js";
import { type LogChunksReadResult, LogReader, type LogReadResult } from "./log-reader.js";
import { LogRetention } from "./log-retention.js";
import { type SealedSegment, SegmentInstall } from "./segment-install.js";
import { SegmentSwap } from "./segment-swap.js";
import { storageError } from "./storage-error.js";
import { TailCache } from "./tail-cache.js";

export type { AppendResult } from "./log-appender.js";
export {
  CLEAN_SHUTDOWN_FILE,
  LEADER_EPOCH_CHECKPOINT_FILE,
  LOG_STATE_CHECKPOINT_FILE,
} from "./log-checkpoints.js";
export type { RecoveryReport } from "./log-loader.js";
export type { LogChunksReadResult, LogReadResult } from "./log-reader.js";
export type { SealedSegment } from "./segment-install.js";

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

/**
 * Kafka's UnifiedLog for one partition replica: the façade the broker, the replica and the
 * cleaner use. It owns the offsets (LogOffsets), the offline/closed state and the caches, and
 * delegates each concept to its part: recovery at open (log-loader), the segment list
 * (LocalLog), reads (LogReader), the append queue (LogAppender), durability and group commit
 * (LogDurability), retention (LogRetention), checkpoint files (LogCheckpoints), the cleaner's
 * swap (SegmentSwap) and the bulk-copy install (SegmentInstall). Appends, truncations, rolls and segment deletions
 * run one at a time through the append queue (so offsets are assigned and written in order);
 * reads run concurrently and only see batches whose write has returned (below `logEndOffset`).
 *
 * Offsets: `logStartOffset` <= `highWatermark` <= `logEndOffset`, and `flushedOffset` <=
 * `logEndOffset` is the durable end (replication counts only durable data toward the HW).
 */
export class PartitionLog {
  #offlineError: RillError | undefined;
  #closed = false;
  #intervalTimer: NodeJS.Timeout | undefined;
  readonly #offsets = new LogOffsets();
  readonly #tailCache: TailCache;
  readonly #local: LocalLog;
  readonly #checkpoints: LogCheckpoints;
  readonly #durability: LogDurability;
  readonly #appender: LogAppender;
  readonly #reader: LogReader;
  readonly #retention: LogRetention;
  readonly #swap: SegmentSwap;
  readonly #install: SegmentInstall;
  readonly epochCache: LeaderEpochCache;
  /** Replaced whole by updateConfig; read afresh by each append, roll, retention and cleaner pass. */
  #currentConfig: LogConfig;
  readonly directory: string;
  readonly flusher: Flusher;
  readonly #fileSystem: StorageFileSystem;
  readonly #clock: Clock;
  recovery: RecoveryReport | undefined;

  private constructor(options: PartitionLogOptions, epochCache: LeaderEpochCache) {
    this.directory = options.directory;
    this.#currentConfig = resolveLogConfig(options.config);
    this.#fileSystem = options.fileSystem ?? new NodeFileSystem();
    this.flusher = options.flusher ?? new Flusher();
    this.#clock = options.clock ?? systemClock;
    this.#tailCache = new TailCache(this.config.tailCacheBytes);
    this.epochCache = epochCache;
    const { directory } = this;
    const fileSystem = this.#fileSystem;
    const clock = this.#clock;
    const offsets = this.#offsets;
    const tailCache = this.#tailCache;
    const config = () => this.#currentConfig;
    const requestFlush = () => this.flusher.request(this);
    const offlineError = () => this.#offlineError;
    const goOffline = (error: RillError) => this.#goOffline(error);
    const local = new LocalLog({ fileSystem, directory, config, clock, requestFlush });
    const checkpoints = new LogCheckpoints({ fileSystem, directory, epochCache, local, offsets });
    const durability = new LogDurability({
      directory,
      local,
      offsets,
      config,
      requestFlush,
      offlineError,
      goOffline,
    });
    this.#local = local;
    this.#checkpoints = checkpoints;
    this.#durability = durability;
    this.#appender = new LogAppender({
      directory,
      local,
      offsets,
      epochCache,
      tailCache,
      checkpoints,
      durability,
      config,
      clock,
      checkUsable: () => this.#checkUsable(),
      offlineError,
      goOffline,
    });
    this.#reader = new LogReader({ directory, local, offsets, tailCache, offlineError });
    this.#retention = new LogRetention({ local, offsets, epochCache, checkpoints, config, clock });
    this.#swap = new SegmentSwap({
      fileSystem,
      directory,
      local,
      offsets,
      tailCache,
      requestFlush,
      goOffline,
    });
    this.#install = new SegmentInstall({
      fileSystem,
      directory,
      local,
      offsets,
      epochCache,
      checkpoints,
      durability,
      goOffline,
    });
  }

  // ---------------------------------------------------------------- opening

  /** Opens (creating when missing) and recovers the log in `options.directory`. */
  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    const fileSystem = options.fileSystem ?? new NodeFileSystem();
    await fileSystem.mkdir(options.directory);
    const epochCache = await readLeaderEpochCache(fileSystem, options.directory);
    const log = new PartitionLog({ ...options, fileSystem }, epochCache);
    await log.#load();
    return log;
  }

  async #load(): Promise<void> {
    const loaded = await loadLog({
      fileSystem: this.#fileSystem,
      directory: this.directory,
      config: this.config,
      clock: this.#clock,
      epochCache: this.epochCache,
    });
    this.#local.setSegments(loaded.segments);
    this.#offsets.logEnd = loaded.logEndOffset;
    this.#offsets.nextAssigned = loaded.logEndOffset;
    this.#offsets.logStart = loaded.logStartOffset;
    this.#offsets.highWatermark = loaded.highWatermark;
    this.#offsets.flushed = loaded.logEndOffset;
    await this.#checkpoints.writeEpochCheckpoint();
    // Everything loaded was flushed above: the recovery point moves to the log end now, not at the
    // first periodic checkpoint (a broker restarted more often than that rescanned the whole log).
    if (loaded.recoveryPointStale) await this.#checkpoints.writeStateCheckpoint();
    this.recovery = loaded.recovery;
    if (this.config.flushPolicy === "interval") {
      this.#intervalTimer = setInterval(() => {
        if (this.#local.segments.some((segment) => segment.isDirty)) this.flusher.request(this);
      }, this.config.flushIntervalMs);
      this.#intervalTimer.unref();
    }
  }

  // ---------------------------------------------------------------- config

  get config(): LogConfig {
    return this.#currentConfig;
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
      if (next[name] !== this.#currentConfig[name]) {
        throw new RillError(
          "INVALID_CONFIG",
          `${name} of ${this.directory} is fixed while the log is open (${String(this.#currentConfig[name])})`,
          { details: { name, value: next[name] } },
        );
      }
    }
    this.#currentConfig = next;
    return next;
  }

  // ---------------------------------------------------------------- offsets

  get logStartOffset(): number {
    return this.#offsets.logStart;
  }

  /** One past the last offset whose write returned: what readers can see. */
  get logEndOffset(): number {
    return this.#offsets.logEnd;
  }

  /** One past the last offset covered by an fdatasync. */
  get flushedOffset(): number {
    return this.#offsets.flushed;
  }

  get highWatermark(): number {
    return this.#offsets.highWatermark;
  }

  get isOffline(): boolean {
    return this.#offlineError !== undefined;
  }

  get sizeBytes(): number {
    return this.#local.sizeBytes;
  }

  get segmentCount(): number {
    return this.#local.segments.length;
  }

  /** Base offsets of the segments, oldest first (for tests and tools). */
  segmentBaseOffsets(): number[] {
    return this.#local.segments.map((segment) => segment.baseOffset);
  }

  /** Whether the active segment holds no batch: the log ends on a segment boundary. */
  get activeSegmentIsEmpty(): boolean {
    return this.#local.active.isEmpty;
  }

  /** Replication moves the HW; it is clamped to [logStartOffset, logEndOffset]. */
  setHighWatermark(offset: number): void {
    this.#checkUsable();
    if (!Number.isSafeInteger(offset)) throw new RangeError(`high watermark ${offset} is not an integer`);
    this.#offsets.highWatermark = Math.min(Math.max(offset, this.#offsets.logStart), this.#offsets.logEnd);
  }

  // ---------------------------------------------------------------- leader epochs

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
    this.#checkUsable();
    this.epochCache.assign(epoch, startOffset);
    this.#writeEpochCheckpointInBackground();
  }

  /**
   * Drops the epoch-cache entries starting at or after `offset`, at once (as in Kafka, where the
   * log and its cache change under one lock): truncateTo calls it before its queued truncation
   * runs, so no lookup sees an epoch that is going; a replica calls it alone when no record goes
   * (an epoch it assigned as leader at the log end). Batches written meanwhile re-add theirs;
   * the queued truncation drops them again.
   */
  truncateEpochsFrom(offset: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || this.#offlineError !== undefined || this.#closed)
      return;
    this.epochCache.truncateFromEnd(offset);
    this.#writeEpochCheckpointInBackground();
  }

  #writeEpochCheckpointInBackground(): void {
    this.#checkpoints.writeEpochCheckpoint().catch((error: unknown) => {
      this.#goOffline(storageError(`writing the leader-epoch checkpoint of ${this.directory} failed`, error));
    });
  }

  // ---------------------------------------------------------------- append and flush

  /** Leader append; see LogAppender.append for the contract. */
  append(validated: ValidatedRecordBatches, options: { readonly leaderEpoch?: number } = {}): AppendResult {
    return this.#appender.append(validated, options);
  }

  /** Follower append (replication); see LogAppender.appendAsFollower for the contract. */
  appendAsFollower(validated: ValidatedRecordBatches): AppendResult {
    return this.#appender.appendAsFollower(validated);
  }

  /** For the Flusher: fdatasync every dirty segment, then settle the appends covered. */
  async flushDirty(): Promise<void> {
    if (this.#offlineError !== undefined || this.#closed) return;
    await this.#durability.flushDirty();
  }

  /** Flushes everything written so far (whatever the policy); resolves when durable. */
  async flush(): Promise<void> {
    this.#checkUsable();
    await this.#durability.flushAll();
  }

  /** Rolls a new active segment at the log end (no-op when the active segment is empty). */
  roll(): Promise<void> {
    return this.#appender.enqueueOperation(async () => {
      if (this.#local.active.isEmpty) return;
      await this.#local.roll(this.#offsets.logEnd);
    });
  }

  #goOffline(error: RillError): void {
    if (this.#offlineError !== undefined) return;
    this.#offlineError = error;
    this.#durability.rejectAll(error);
    this.#appender.rejectQueued(error);
  }

  #checkUsable(): void {
    if (this.#offlineError !== undefined) throw this.#offlineError;
    if (this.#closed) throw new RillError("STORAGE_ERROR", `log ${this.directory} is closed`);
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
    this.#checkUsable();
    return this.#reader.read(offset, maxBytes, options);
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
    this.#checkUsable();
    return this.#reader.readChunks(offset, maxBytes, options);
  }

  /**
   * ListOffsets by timestamp: the first offset (>= log start) whose record timestamp is >=
   * `timestamp`, with that timestamp; undefined when every record is older.
   */
  async offsetForTimestamp(timestamp: number): Promise<{ offset: number; timestamp: number } | undefined> {
    this.#checkUsable();
    return this.#local.offsetForTimestamp(timestamp, this.#offsets.logStart);
  }

  // ---------------------------------------------------------------- truncation

  /**
   * Follower divergence (KIP-101): removes every batch holding an offset >= `offset` (a batch
   * straddling it goes whole, so the new log end is <= `offset`). Durable before it resolves.
   */
  truncateTo(offset: number): Promise<void> {
    this.truncateEpochsFrom(offset);
    return this.#appender.enqueueOperation(async () => {
      if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`truncate offset ${offset}`);
      if (offset >= this.#offsets.logEnd) return;
      if (offset <= this.#offsets.logStart) {
        // Kafka: truncating below the log start empties the log at that offset.
        await this.#resetTo(offset);
        return;
      }
      this.#offsets.truncations += 1;
      try {
        await this.#local.truncateTo(offset);
      } catch (error) {
        const offline = storageError(`truncation of ${this.directory} failed`, error);
        this.#goOffline(offline);
        throw offline;
      }
      if (this.#local.active.nextOffset < this.#offsets.logStart) {
        // The batch straddling the log start went too: nothing readable is left.
        await this.#resetTo(this.#offsets.logStart);
        return;
      }
      this.#afterTruncation(this.#local.active.nextOffset);
      await this.#checkpoints.writeEpochCheckpoint();
      // The recovery point must not stay above the truncation (recovery would trust stale files).
      await this.#checkpoints.writeStateCheckpoint();
    });
  }

  #afterTruncation(newEnd: number): void {
    const offsets = this.#offsets;
    offsets.logEnd = newEnd;
    offsets.nextAssigned = newEnd;
    offsets.flushed = Math.min(offsets.flushed, newEnd);
    offsets.highWatermark = Math.min(offsets.highWatermark, newEnd);
    this.#tailCache.truncateTo(newEnd);
    this.epochCache.truncateFromEnd(newEnd);
  }

  /** Deletes everything and starts an empty log at `offset` (a follower too far behind). */
  truncateFullyAndStartAt(offset: number): Promise<void> {
    // The epoch cache empties at once, as in truncateTo.
    if (this.#offlineError === undefined && !this.#closed) this.epochCache.clear();
    return this.#appender.enqueueOperation(() => this.#resetTo(offset));
  }

  async #resetTo(offset: number): Promise<void> {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`start offset ${offset}`);
    this.#offsets.truncations += 1;
    try {
      await this.#local.reset(offset);
    } catch (error) {
      const offline = storageError(`reset of ${this.directory} failed`, error);
      this.#goOffline(offline);
      throw offline;
    }
    const offsets = this.#offsets;
    offsets.logStart = offset;
    offsets.logEnd = offset;
    offsets.nextAssigned = offset;
    offsets.flushed = offset;
    offsets.highWatermark = offset;
    this.#tailCache.clear();
    this.epochCache.clear();
    await this.#checkpoints.writeEpochCheckpoint();
    await this.#checkpoints.writeStateCheckpoint();
  }

  /** Bumped by every truncation (the cleaner re-checks what it took for clean). */
  get truncationCount(): number {
    return this.#offsets.truncations;
  }

  // ---------------------------------------------------------------- retention

  /** DeleteRecords; see LogRetention.deleteRecordsBefore. Durable before it resolves. */
  deleteRecordsBefore(offset: number): Promise<void> {
    return this.#appender.enqueueOperation(() => this.#retention.deleteRecordsBefore(offset));
  }

  /** Retention by time and size; see LogRetention.applyRetention. Returns segments deleted. */
  applyRetention(): Promise<number> {
    return this.#appender.enqueueOperation(() => this.#retention.applyRetention());
  }

  // ---------------------------------------------------------------- checkpoints and close

  /**
   * Writes the log-state checkpoint (recovery point = flushed offset, log start, HW) atomically.
   * The LogManager calls it periodically; deleteRecordsBefore and retention call it themselves.
   */
  async checkpoint(): Promise<void> {
    this.#checkUsable();
    await this.#checkpoints.writeStateCheckpoint();
  }

  /**
   * Waits for queued appends, flushes everything (indexes too), writes the checkpoints and the
   * clean-shutdown marker, closes the files. An offline log is closed without the marker (so the
   * next open recovers it).
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#intervalTimer !== undefined) clearInterval(this.#intervalTimer);
    if (this.#offlineError === undefined) {
      try {
        await this.#appender.enqueueOperation(async () => undefined);
        await this.flush();
        for (const segment of this.#local.segments) if (!segment.rolled) await segment.persistIndexes();
        await this.#checkpoints.writeEpochCheckpoint();
        await this.#checkpoints.writeStateCheckpoint();
        await this.#checkpoints.writeCleanShutdownMarker();
      } catch (error) {
        this.#goOffline(storageError(`closing ${this.directory} failed`, error));
      }
    }
    this.#closed = true;
    await this.#local.closeSegments();
  }

  /** Closes the log and removes its directory. */
  async delete(): Promise<void> {
    if (this.#intervalTimer !== undefined) clearInterval(this.#intervalTimer);
    // Writes already under way (queued appends, a checkpoint's temp file) finish first: one that
    // created a file while the tree was being removed failed the removal (ENOTEMPTY).
    await this.#appender.enqueueOperation(async () => undefined).catch(() => undefined);
    this.#closed = true;
    await this.#checkpoints.settled();
    this.#goOffline(new RillError("STORAGE_ERROR", `log ${this.directory} was deleted`));
    await this.#local.closeSegments();
    await this.#fileSystem.removeDirectory(this.directory);
  }

  // ---------------------------------------------------------------- the cleaner (compaction)

  /** For the cleaner: see SegmentSwap.swapCleanedSegments. Runs in the append queue. */
  swapCleanedSegments(
    replaced: readonly LogSegment[],
    sizes: readonly number[],
    cleanedPath: string,
  ): Promise<boolean> {
    return this.#appender.enqueueOperation(() =>
      this.#swap.swapCleanedSegments(replaced, sizes, cleanedPath),
    );
  }

  /** Segments the cleaner may rewrite: closed (rolled) ones wholly below the high watermark. */
  cleanableSegments(): readonly LogSegment[] {
    return this.#swap.cleanableSegments();
  }

  // ---------------------------------------------------------------- bulk copy (sealed segments)

  /** See SegmentInstall.sealedSegmentsFrom. */
  sealedSegmentsFrom(offset: number): number[] {
    return this.#install.sealedSegmentsFrom(offset);
  }

  /** A sealed segment's description and index files, or undefined when it is gone (retention). */
  sealedSegment(baseOffset: number): SealedSegment | undefined {
    return this.#install.sealedSegment(baseOffset);
  }

  /** Bytes of a segment's `.log` file; OFFSET_OUT_OF_RANGE when the segment is gone. */
  async readSegmentFile(baseOffset: number, position: number, length: number): Promise<Buffer> {
    const segment = this.#local.find(baseOffset);
    if (segment === undefined) {
      throw new RillError("OFFSET_OUT_OF_RANGE", `segment ${baseOffset} of ${this.directory} is gone`);
    }
    return segment.readFileBytes(position, length);
  }

  /** The bulk copy staged in this log's directory (to resume), or undefined. */
  findStagedSegment(): Promise<StagedSegment | undefined> {
    return StagedSegment.find(this.#fileSystem, this.directory);
  }

  /** Starts staging a copied segment here (any other staged copy is discarded). */
  stageSegment(header: StagedSegmentHeader): Promise<StagedSegment> {
    return StagedSegment.create(this.#fileSystem, this.directory, header);
  }

  /** Removes an abandoned or stale staged copy. */
  discardStagedSegments(): Promise<void> {
    return StagedSegment.discardAll(this.#fileSystem, this.directory);
  }

  /** Installs a completely copied segment at the log end; see SegmentInstall.install. */
  installStagedSegment(staged: StagedSegment): Promise<void> {
    return this.#appender.enqueueOperation(() => this.#install.install(staged));
  }
}
