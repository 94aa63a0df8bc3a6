import { join } from "node:path";
import { type DecodedRecord, readRecordBatchHeader } from "@rill/protocol";
import { writeFileAtomically } from "../fs/atomic-file.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import type { LogConfig } from "../log-config.js";
import type { LogSegment } from "../segment/log-segment.js";
import { CLEANED_FILE_SUFFIX, LOG_FILE_SUFFIX, segmentFilePath } from "../segment/segment-files.js";
import { filterBatch } from "./batch-filter.js";
import { CleanerStats } from "./cleaner-stats.js";
import { OffsetMap } from "./offset-map.js";
import { Throttler } from "./throttler.js";

/**
 * Per log: when each cleaned segment was first cleaned and whether it kept tombstones, so a
 * restart does not restart delete.retention.ms. Lines `<base offset> <cleanedAtMs> <0|1>`.
 */
export const CLEANER_CHECKPOINT_FILE = "cleaner.checkpoint";

/** Default cap on keys in one pass's offset map (Kafka sizes it in bytes: log.cleaner.dedupe.buffer.size). */
export const CLEANER_OFFSET_MAP_KEYS_MAX = 1_000_000;

/** What the cleaner needs of a PartitionLog (which implements it; no import back). */
export interface CleanableLog {
  readonly directory: string;
  readonly config: LogConfig;
  readonly isOffline: boolean;
  /** Bumped by every truncation: a truncated log's clean section may hold new, dirty records. */
  readonly truncationCount: number;
  /** Closed segments wholly below the high watermark, oldest first (never the active one). */
  cleanableSegments(): readonly LogSegment[];
  /**
   * Replaces `replaced` (adjacent, unchanged since `sizes` were read) by the segment in
   * `cleanedPath`, crash-safely; false (and `cleanedPath` removed) when they changed meanwhile.
   */
  swapCleanedSegments(
    replaced: readonly LogSegment[],
    sizes: readonly number[],
    cleanedPath: string,
  ): Promise<boolean>;
}

export interface LogCleanerOptions {
  readonly fileSystem: StorageFileSystem;
  readonly clock: { now(): number };
  /** log.cleaner.io.max.bytes.per.second: read + write bytes per second; default unthrottled. */
  readonly ioMaxBytesPerSecond?: number;
  /** Keys per pass; a pass maps whole segments until it holds this many. */
  readonly offsetMapKeysMax?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly stats?: CleanerStats;
}

export interface CleanResult {
  readonly segmentsWritten: number;
  readonly segmentsReplaced: number;
  readonly recordsRemoved: number;
}

/** What the cleaner remembers of one log between passes (in memory; see `LogCleaner`). */
interface LogCleanState {
  /** Offsets below this were mapped by an earlier pass: that section holds one record per key. */
  firstDirtyOffset: number;
  truncationCount: number;
  /** Per cleaned segment (by base offset): when it was first cleaned, and if it kept tombstones. */
  readonly cleanedSegments: Map<number, { readonly cleanedAtMs: number; readonly tombstones: boolean }>;
}

const NOTHING_CLEANED: CleanResult = { segmentsWritten: 0, segmentsReplaced: 0, recordsRemoved: 0 };

/**
 * Kafka's LogCleaner for cleanup.policy=compact, one log per `clean` call:
 * 1. Map the dirty section (cleanable segments from `firstDirtyOffset`, whole segments until the
 *    map holds `offsetMapKeysMax` keys): key → offset of its latest record.
 * 2. Rewrite every cleanable segment up to the end of the mapped section, in groups of adjacent
 *    segments whose total size fits segment.bytes (small segments are merged), keeping a record
 *    only when it has a key, no later record of that key is in the map, and it is not a tombstone
 *    past its horizon. Offsets never change. The active segment is never touched.
 * 3. Swap each group's cleaned segment in (PartitionLog.swapCleanedSegments: crash-safe).
 *
 * Tombstones (null values) are kept for delete.retention.ms after the segment holding them was
 * first cleaned (so a consumer that read the log's older records has that long to see the delete).
 * Clean times are checkpointed per log (CLEANER_CHECKPOINT_FILE, written after the swaps; a
 * crash in between only keeps tombstones longer). Known limits: the first dirty offset is kept
 * in memory (after a restart the whole log counts as dirty: more work, same result); a source
 * segment is read whole (memory <= segment.bytes).
 */
export class LogCleaner {
  readonly stats: CleanerStats;
  readonly #options: LogCleanerOptions;
  readonly #throttler: Throttler;
  readonly #states = new WeakMap<CleanableLog, LogCleanState>();

  constructor(options: LogCleanerOptions) {
    this.#options = options;
    this.stats = options.stats ?? new CleanerStats();
    this.#throttler = new Throttler({
      bytesPerSecondMax: options.ioMaxBytesPerSecond ?? Number.POSITIVE_INFINITY,
      clock: options.clock,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
  }

  /** One pass over `log`; does nothing unless its cleanup.policy includes compact. */
  async clean(log: CleanableLog): Promise<CleanResult> {
    if (log.isOffline || !log.config.cleanupPolicy.includes("compact")) return NOTHING_CLEANED;
    const state = await this.#stateOf(log);
    const nowMs = this.#options.clock.now();
    const segments = outsideCompactionLag(log.cleanableSegments(), nowMs - log.config.minCompactionLagMs);
    const dirty = segments.filter((segment) => segment.nextOffset > state.firstDirtyOffset);
    const tombstonesDue = segments.some((segment) => this.#tombstonesExpired(log, state, segment, nowMs));
    if (dirty.length === 0 && !tombstonesDue) return NOTHING_CLEANED;
    if (!tombstonesDue && !dirtyEnough(log.config, segments, dirty, nowMs)) {
      this.stats.passesSkipped += 1;
      return NOTHING_CLEANED;
    }
    const startMs = this.#options.clock.now();
    const readBefore = this.stats.bytesRead;
    this.stats.passes += 1;
    const map = new OffsetMap();
    let mappedEndOffset = state.firstDirtyOffset;
    const keysMax = this.#options.offsetMapKeysMax ?? CLEANER_OFFSET_MAP_KEYS_MAX;
    for (const segment of dirty) {
      if (map.size >= keysMax) break;
      map.addBatches(await this.#read(segment));
      mappedEndOffset = segment.nextOffset;
    }
    const range = segments.filter((segment) => segment.nextOffset <= Math.max(mappedEndOffset, 0));
    const lastBatchOfProducer = await this.#lastBatchOfEachProducer(range);
    let result = NOTHING_CLEANED;
    for (const group of groupBySize(range, log.config.segmentBytes)) {
      const cleaned = await this.#cleanGroup(log, state, group, { map, lastBatchOfProducer, nowMs });
      result = {
        segmentsWritten: result.segmentsWritten + cleaned.segmentsWritten,
        segmentsReplaced: result.segmentsReplaced + cleaned.segmentsReplaced,
        recordsRemoved: result.recordsRemoved + cleaned.recordsRemoved,
      };
    }
    state.firstDirtyOffset = Math.max(state.firstDirtyOffset, mappedEndOffset);
    await this.#writeCheckpoint(log, state);
    const durationMs = Math.max(1, this.#options.clock.now() - startMs);
    this.stats.lastPassDurationMs = durationMs;
    this.stats.lastPassBytesPerSecond = ((this.stats.bytesRead - readBefore) * 1000) / durationMs;
    return result;
  }

  async #stateOf(log: CleanableLog): Promise<LogCleanState> {
    let state = this.#states.get(log);
    if (state === undefined || state.truncationCount !== log.truncationCount) {
      state = {
        firstDirtyOffset: 0,
        truncationCount: log.truncationCount,
        cleanedSegments: state?.cleanedSegments ?? (await this.#readCheckpoint(log)),
      };
      this.#states.set(log, state);
    }
    return state;
  }

  async #readCheckpoint(log: CleanableLog): Promise<LogCleanState["cleanedSegments"]> {
    const cleaned: LogCleanState["cleanedSegments"] = new Map();
    const bytes = await this.#options.fileSystem.readFile(join(log.directory, CLEANER_CHECKPOINT_FILE));
    for (const line of bytes?.toString("utf8").split("\n") ?? []) {
      const [baseOffset, cleanedAtMs, tombstones] = line.split(" ").map(Number);
      // A damaged line only makes its segment count as never cleaned: tombstones kept longer.
      if (!Number.isSafeInteger(baseOffset) || !Number.isSafeInteger(cleanedAtMs)) continue;
      cleaned.set(baseOffset as number, { cleanedAtMs: cleanedAtMs as number, tombstones: tombstones !== 0 });
    }
    return cleaned;
  }

  async #writeCheckpoint(log: CleanableLog, state: LogCleanState): Promise<void> {
    const present = new Set(log.cleanableSegments().map((segment) => segment.baseOffset));
    for (const baseOffset of state.cleanedSegments.keys()) {
      if (!present.has(baseOffset)) state.cleanedSegments.delete(baseOffset);
    }
    const lines = [...state.cleanedSegments].map(
      ([baseOffset, cleaned]) => `${baseOffset} ${cleaned.cleanedAtMs} ${cleaned.tombstones ? 1 : 0}\n`,
    );
    await writeFileAtomically(
      this.#options.fileSystem,
      join(log.directory, CLEANER_CHECKPOINT_FILE),
      Buffer.from(lines.join(""), "utf8"),
    );
  }

  #tombstonesExpired(log: CleanableLog, state: LogCleanState, segment: LogSegment, nowMs: number): boolean {
    const cleaned = state.cleanedSegments.get(segment.baseOffset);
    if (cleaned === undefined || !cleaned.tombstones) return false;
    return nowMs - cleaned.cleanedAtMs >= log.config.deleteRetentionMs;
  }

  async #read(segment: LogSegment): Promise<Buffer> {
    const bytes = await segment.readBytes(0, segment.sizeBytes);
    this.stats.bytesRead += bytes.length;
    this.stats.throttledMs += await this.#throttler.throttle(bytes.length);
    return bytes;
  }

  /** Base offset of the last batch of each producer id in `segments` (Kafka keeps it). */
  async #lastBatchOfEachProducer(segments: readonly LogSegment[]): Promise<Map<number, number>> {
    const last = new Map<number, number>();
    for (const segment of segments) {
      await segment.scanHeaders(0, segment.sizeBytes, ({ header }) => {
        if (header.producerId >= 0) last.set(header.producerId, header.baseOffset);
        return true;
      });
    }
    return last;
  }

  async #cleanGroup(
    log: CleanableLog,
    state: LogCleanState,
    group: readonly LogSegment[],
    pass: {
      readonly map: OffsetMap;
      readonly lastBatchOfProducer: ReadonlyMap<number, number>;
      readonly nowMs: number;
    },
  ): Promise<CleanResult> {
    const first = group[0] as LogSegment;
    const fileSystem = this.#options.fileSystem;
    const cleanedPath = `${segmentFilePath(log.directory, first.baseOffset, LOG_FILE_SUFFIX)}${CLEANED_FILE_SUFFIX}`;
    const sizes = group.map((segment) => segment.sizeBytes);
    let recordsRemoved = 0;
    let keptTombstones = false;
    let cleanedAtMs = 0;
    let written = 0;
    const file = await fileSystem.open(cleanedPath, { create: true });
    try {
      await file.truncate(0);
      const lastNonEmpty = group.findLastIndex((segment) => !segment.isEmpty);
      for (const [index, segment] of group.entries()) {
        const source = state.cleanedSegments.get(segment.baseOffset);
        cleanedAtMs = Math.max(cleanedAtMs, source?.cleanedAtMs ?? pass.nowMs);
        const dropTombstones =
          source !== undefined && pass.nowMs - source.cleanedAtMs >= log.config.deleteRetentionMs;
        const retain = (record: DecodedRecord): boolean => {
          if (record.key === null) return false; // Kafka drops keyless records from compacted logs.
          const latest = pass.map.latestOffset(record.key);
          if (latest !== undefined && record.offset < latest) return false;
          if (record.value === null) {
            if (dropTombstones) return false;
            keptTombstones = true;
          }
          return true;
        };
        const bytes = await this.#read(segment);
        const parts: Uint8Array[] = [];
        let position = 0;
        while (position < bytes.length) {
          const header = readRecordBatchHeader(bytes, position);
          const lastOfGroup = index === lastNonEmpty && position + header.sizeInBytes === bytes.length;
          if (header.isControl) {
            parts.push(bytes.subarray(position, position + header.sizeInBytes));
          } else {
            // The group's last batch stays (maybe empty) so the cleaned segment ends where the
            // replaced ones did: recovery takes a segment ending before the next one for a hole.
            const keepEmpty =
              lastOfGroup ||
              (header.producerId >= 0 &&
                pass.lastBatchOfProducer.get(header.producerId) === header.baseOffset);
            const filtered = filterBatch(bytes, header, position, retain, keepEmpty);
            recordsRemoved += filtered.recordsRemoved;
            if (filtered.bytes !== undefined) parts.push(filtered.bytes);
          }
          position += header.sizeInBytes;
        }
        if (parts.length > 0) {
          await file.write(parts, written);
          const partBytes = parts.reduce((sum, part) => sum + part.length, 0);
          written += partBytes;
          this.stats.bytesWritten += partBytes;
          this.stats.throttledMs += await this.#throttler.throttle(partBytes);
        }
      }
      await file.datasync();
    } finally {
      await file.close();
    }
    if (recordsRemoved === 0 && group.length === 1) {
      // Nothing to gain: leave the segment as it is.
      await fileSystem.unlink(cleanedPath);
      this.#remember(state, first.baseOffset, cleanedAtMs, keptTombstones, group);
      return NOTHING_CLEANED;
    }
    const swapped = await log.swapCleanedSegments(group, sizes, cleanedPath);
    if (!swapped) return NOTHING_CLEANED;
    this.#remember(state, first.baseOffset, cleanedAtMs, keptTombstones, group);
    this.stats.segmentsWritten += 1;
    this.stats.segmentsReplaced += group.length;
    this.stats.recordsRemoved += recordsRemoved;
    return { segmentsWritten: 1, segmentsReplaced: group.length, recordsRemoved };
  }

  #remember(
    state: LogCleanState,
    baseOffset: number,
    cleanedAtMs: number,
    tombstones: boolean,
    replaced: readonly LogSegment[],
  ): void {
    for (const segment of replaced) state.cleanedSegments.delete(segment.baseOffset);
    state.cleanedSegments.set(baseOffset, { cleanedAtMs, tombstones });
  }
}

/**
 * Kafka's groupSegmentsBySize: adjacent segments whose total size is at most `segmentBytes`
 * (and whose offsets stay within the 4-byte relative offsets of one offset index) form a group
 * cleaned into one segment; a segment larger than that is a group of its own.
 */
export function groupBySize(segments: readonly LogSegment[], segmentBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let current: LogSegment[] = [];
  let currentBytes = 0;
  for (const segment of segments) {
    const first = current[0];
    const fits =
      first !== undefined &&
      currentBytes + segment.sizeBytes <= segmentBytes &&
      segment.nextOffset - 1 - first.baseOffset <= 0x7fffffff;
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(segment);
    currentBytes += segment.sizeBytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * min.compaction.lag.ms: the cleanable segments up to (not including) the first one holding a
 * record newer than `horizonMs`, as Kafka's first uncleanable offset (a segment's newest
 * timestamp stands for its records).
 */
function outsideCompactionLag(segments: readonly LogSegment[], horizonMs: number): readonly LogSegment[] {
  const firstTooNew = segments.findIndex((segment) => segment.maxTimestamp > horizonMs);
  return firstTooNew < 0 ? segments : segments.slice(0, firstTooNew);
}

/**
 * Kafka's cleanable ratio: the dirty section's bytes over the whole cleanable section's reach
 * min.cleanable.dirty.ratio; or max.compaction.lag.ms has passed for the oldest dirty segment
 * (every record in it is older than the lag).
 */
function dirtyEnough(
  config: LogConfig,
  segments: readonly LogSegment[],
  dirty: readonly LogSegment[],
  nowMs: number,
): boolean {
  const totalBytes = segments.reduce((sum, segment) => sum + segment.sizeBytes, 0);
  const dirtyBytes = dirty.reduce((sum, segment) => sum + segment.sizeBytes, 0);
  if (totalBytes === 0 || dirtyBytes / totalBytes >= config.minCleanableDirtyRatio) return true;
  const oldest = dirty[0];
  return (
    oldest !== undefined &&
    oldest.maxTimestamp >= 0 &&
    nowMs - oldest.maxTimestamp >= config.maxCompactionLagMs
  );
}
