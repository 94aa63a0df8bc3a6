import { decodeRecordBatch, readRecordBatchHeader } from "@rill/protocol";
import type { Clock } from "@rill/protocol/time";
import type { StorageFileSystem } from "../fs/file-system.js";
import type { LogConfig } from "../log-config.js";
import { LogSegment } from "../segment/log-segment.js";

export interface LocalLogOptions {
  readonly fileSystem: StorageFileSystem;
  readonly directory: string;
  /** The log's current config (updateConfig replaces it); read afresh by each new segment. */
  readonly config: () => LogConfig;
  readonly clock: Clock;
  /** Asks the flusher for a round (after a roll: see `roll`). */
  readonly requestFlush: () => void;
}

/**
 * Kafka's LocalLog / LogSegments: the ordered segment list of one partition log in its
 * directory, the last segment active (taking appends). Owns the segment files: creating, rolling,
 * reading by offset and by time, cutting the tail, deleting the oldest, replacing segments.
 *
 * Contract: it moves no offset and does no locking; PartitionLog runs every change of the list
 * in its append queue and updates the offsets (LogOffsets) around it. Reads run concurrently with
 * changes and only below the log end the caller passes: a segment deleted or cut under a reader
 * makes its read throw (the caller retries). A change that throws leaves the files in an unknown
 * state: the caller takes the log offline.
 */
export class LocalLog {
  #list: LogSegment[] = [];

  readonly #options: LocalLogOptions;
  constructor(options: LocalLogOptions) {
    this.#options = options;
  }

  /** The segments, oldest first; the last one is active. */
  get segments(): readonly LogSegment[] {
    return this.#list;
  }

  get active(): LogSegment {
    const active = this.#list.at(-1);
    if (active === undefined) throw new Error("assertion: a log always has an active segment");
    return active;
  }

  get sizeBytes(): number {
    return this.#list.reduce((sum, segment) => sum + segment.sizeBytes, 0);
  }

  /** The segment with this base offset, or undefined (deleted by retention or truncation). */
  find(baseOffset: number): LogSegment | undefined {
    return this.#list.find((candidate) => candidate.baseOffset === baseOffset);
  }

  /** Replaces the whole list (recovery at open hands the loaded segments over). */
  setSegments(segments: LogSegment[]): void {
    this.#list = segments;
  }

  /** Creates an empty segment file at `baseOffset` (not yet in the list). */
  createSegment(baseOffset: number): Promise<LogSegment> {
    const { fileSystem, directory, clock } = this.#options;
    return LogSegment.create(fileSystem, directory, baseOffset, this.#options.config(), clock.now());
  }

  /** Opens the existing segment at `baseOffset` (not yet in the list). */
  async loadSegment(
    baseOffset: number,
    options: { readonly recover: boolean; readonly nextSegmentBaseOffset: number },
  ): Promise<LogSegment> {
    const { fileSystem, directory, clock } = this.#options;
    const { segment } = await LogSegment.load(fileSystem, directory, baseOffset, this.#options.config(), {
      ...options,
      nowMs: clock.now(),
    });
    return segment;
  }

  /**
   * Rolls: a new active segment at `baseOffset` (at or after the active segment's end). The new
   * file's directory entry and the rolled segment's indexes become durable in the next flush,
   * which this asks for.
   */
  async roll(baseOffset: number): Promise<LogSegment> {
    const previous = this.active;
    if (baseOffset < previous.nextOffset) {
      throw new Error(
        `assertion: new segment ${baseOffset} would overlap ${previous.baseOffset}..${previous.nextOffset - 1}`,
      );
    }
    const segment = await this.createSegment(baseOffset);
    previous.roll();
    this.#list.push(segment);
    this.#options.requestFlush();
    return segment;
  }

  /**
   * Whole batches from the segment holding `offset` on (see LogSegment.read for the limits), or
   * undefined when no segment holds a batch at or after it below `maxOffset`.
   */
  async read(offset: number, maxBytes: number, maxOffset: number): Promise<Buffer | undefined> {
    const segments = this.#list;
    for (let index = floorSegmentIndex(segments, offset); index < segments.length; index += 1) {
      const segment = segments[index] as LogSegment;
      const bytes = await segment.read(offset, maxBytes, maxOffset);
      if (bytes !== undefined) return bytes;
    }
    return undefined;
  }

  /**
   * The first offset at or after `logStartOffset` whose record timestamp is >= `timestamp`, with
   * that timestamp; undefined when every record is older.
   */
  async offsetForTimestamp(
    timestamp: number,
    logStartOffset: number,
  ): Promise<{ offset: number; timestamp: number } | undefined> {
    for (const segment of this.#list) {
      if (segment.maxTimestamp < timestamp) continue;
      const location = await segment.findBatchByTimestamp(timestamp);
      if (location === undefined) continue;
      const bytes = await segment.read(location.header.baseOffset, 0, Number.MAX_SAFE_INTEGER);
      if (bytes === undefined || bytes.length === 0) continue;
      const batch = decodeRecordBatch(bytes);
      for (const record of batch.records) {
        if (record.offset >= logStartOffset && record.timestamp >= timestamp) {
          return { offset: record.offset, timestamp: record.timestamp };
        }
      }
    }
    return undefined;
  }

  /**
   * Removes every batch holding an offset >= `offset` from the files: later segments go, the
   * segment holding it is cut (a batch straddling `offset` goes whole) and becomes active again.
   */
  async truncateTo(offset: number): Promise<void> {
    while (this.#list.length > 1 && this.active.baseOffset >= offset) {
      const removed = this.#list.pop() as LogSegment;
      await removed.delete();
    }
    const active = this.active;
    await active.truncateTo(offset);
    active.rolled = false;
    await this.syncDirectory();
  }

  /** Deletes every segment and starts over with one empty segment at `offset`. */
  async reset(offset: number): Promise<void> {
    const old = this.#list;
    const fresh = await this.createSegment(offset);
    this.#list = [fresh];
    for (const segment of old)
      if (segment.baseOffset !== offset) await segment.delete();
      else await segment.close();
    await this.syncDirectory();
  }

  /** Deletes the oldest segment (never the active one); the caller syncs the directory. */
  async deleteOldest(): Promise<void> {
    const oldest = this.#list[0];
    if (oldest === undefined || this.#list.length < 2) {
      throw new Error("assertion: the active segment is never deleted from the front");
    }
    this.#list = this.#list.slice(1);
    await oldest.delete();
  }

  /** Puts `segment` in place of the `count` segments from `index` (a compaction swap). */
  replace(index: number, count: number, segment: LogSegment): void {
    this.#list = [...this.#list.slice(0, index), segment, ...this.#list.slice(index + count)];
  }

  /** Puts `segment` in place of the active segment (a bulk-copy install; `add` follows). */
  replaceActive(segment: LogSegment): void {
    this.#list[this.#list.length - 1] = segment;
  }

  /** Adds `segment` at the end as the new active segment. */
  add(segment: LogSegment): void {
    this.#list.push(segment);
  }

  /**
   * fdatasync of every dirty segment (and of the directory when several are: a roll happened).
   * A segment deleted meanwhile (retention, truncation) has nothing left to flush.
   */
  async flushDirtySegments(): Promise<void> {
    const dirty = this.#list.filter((segment) => segment.isDirty);
    if (dirty.length > 1) await this.syncDirectory();
    await Promise.all(
      dirty.map(async (segment) => {
        try {
          await segment.flush();
        } catch (error) {
          if (this.#list.includes(segment)) throw error;
        }
      }),
    );
  }

  /** Closes every segment file, ignoring failures (the log is closing or deleted). */
  async closeSegments(): Promise<void> {
    for (const segment of this.#list) await segment.close().catch(() => undefined);
  }

  syncDirectory(): Promise<void> {
    return this.#options.fileSystem.syncDirectory(this.#options.directory);
  }
}

/** Index of the last segment whose base offset is <= `offset` (0 when none). */
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
export function nextOffsetAfter(bytes: Buffer, fallback: number): number {
  let position = 0;
  let next = fallback;
  while (position < bytes.length) {
    const header = readRecordBatchHeader(bytes, position);
    next = header.lastOffset + 1;
    position += header.sizeInBytes;
  }
  return next;
}
