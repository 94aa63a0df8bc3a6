import {
  RECORD_BATCH_HEADER_BYTES,
  type RecordBatchHeader,
  readRecordBatchHeader,
  validateRecordBatch,
} from "@rill/protocol";
import type { StorageFile, StorageFileSystem } from "../fs/file-system.js";
import { OFFSET_INDEX_ENTRY_BYTES, OffsetIndex } from "./offset-index.js";
import {
  LOG_FILE_SUFFIX,
  OFFSET_INDEX_FILE_SUFFIX,
  segmentFilePath,
  TIME_INDEX_FILE_SUFFIX,
} from "./segment-files.js";
import { TIME_INDEX_ENTRY_BYTES, TimeIndex } from "./time-index.js";

/** Bytes read per step when walking batch headers (index lookups land within a few KiB). */
const HEADER_SCAN_CHUNK_BYTES = 16 * 1024;
/** Bytes read per step when validating whole batches during recovery. */
const RECOVERY_CHUNK_BYTES = 4 * 1024 * 1024;

export interface SegmentConfig {
  readonly indexIntervalBytes: number;
  readonly segmentIndexBytes: number;
}

/** One batch of a write, as the segment indexes it. */
export interface SegmentBatch {
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly sizeInBytes: number;
}

export interface BatchLocation {
  readonly position: number;
  readonly header: RecordBatchHeader;
}

export interface RecoveryResult {
  readonly validBytes: number;
  readonly truncatedBytes: number;
  readonly reason?: string;
}

/**
 * Kafka's LogSegment: one `.log` file of concatenated record batches with its offset and time
 * indexes. The segment does no locking: its PartitionLog serialises appends and truncations and
 * only reads below `sizeBytes` (bytes whose write has returned).
 */
export class LogSegment {
  sizeBytes = 0;
  /** lastOffset + 1 of the last batch; baseOffset when empty. */
  nextOffset: number;
  /** Largest batch maxTimestamp in the segment, -1 when none. */
  maxTimestamp = -1;
  offsetOfMaxTimestamp: number;
  /** The segment no longer takes appends (rolled); its index files get written on flush. */
  rolled = false;
  #bytesSinceLastIndexEntry = 0;
  #syncedSizeBytes = 0;
  #needsSync = false;
  #indexesPersisted = false;
  #inFlightReads = 0;
  #readsDrained: (() => void) | undefined;
  #closed = false;

  readonly #fileSystem: StorageFileSystem;
  readonly #config: SegmentConfig;
  readonly #file: StorageFile;
  private constructor(
    fileSystem: StorageFileSystem,
    readonly directory: string,
    readonly baseOffset: number,
    config: SegmentConfig,
    file: StorageFile,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    /** When the segment was created or loaded (for segment.ms). */
    readonly createdAtMs: number,
  ) {
    this.#fileSystem = fileSystem;
    this.#config = config;
    this.#file = file;
    this.nextOffset = baseOffset;
    this.offsetOfMaxTimestamp = baseOffset;
  }

  static async #openFile(
    fileSystem: StorageFileSystem,
    directory: string,
    baseOffset: number,
    config: SegmentConfig,
    nowMs: number,
  ): Promise<LogSegment> {
    const file = await fileSystem.open(segmentFilePath(directory, baseOffset, LOG_FILE_SUFFIX), {
      create: true,
    });
    const maxEntries = Math.floor(config.segmentIndexBytes / OFFSET_INDEX_ENTRY_BYTES);
    const maxTimeEntries = Math.floor(config.segmentIndexBytes / TIME_INDEX_ENTRY_BYTES);
    return new LogSegment(
      fileSystem,
      directory,
      baseOffset,
      config,
      file,
      new OffsetIndex(baseOffset, maxEntries),
      new TimeIndex(baseOffset, Math.max(1, maxTimeEntries)),
      nowMs,
    );
  }

  /** A new, empty segment (an existing file of that name is emptied). */
  static async create(
    fileSystem: StorageFileSystem,
    directory: string,
    baseOffset: number,
    config: SegmentConfig,
    nowMs: number,
  ): Promise<LogSegment> {
    const segment = await LogSegment.#openFile(fileSystem, directory, baseOffset, config, nowMs);
    await segment.#file.truncate(0);
    await fileSystem.unlink(segmentFilePath(directory, baseOffset, OFFSET_INDEX_FILE_SUFFIX));
    await fileSystem.unlink(segmentFilePath(directory, baseOffset, TIME_INDEX_FILE_SUFFIX));
    return segment;
  }

  /**
   * Opens an existing segment. With `recover`, every batch is validated (CRC included) and the
   * file is truncated at the first torn or bad one, indexes rebuilt. Without, the index files
   * are loaded (rebuilt when missing or failing the sanity check) and the tail is walked to find
   * the next offset.
   */
  static async load(
    fileSystem: StorageFileSystem,
    directory: string,
    baseOffset: number,
    config: SegmentConfig,
    options: { readonly recover: boolean; readonly nextSegmentBaseOffset: number; readonly nowMs: number },
  ): Promise<{ segment: LogSegment; recovery?: RecoveryResult }> {
    const segment = await LogSegment.#openFile(fileSystem, directory, baseOffset, config, options.nowMs);
    segment.sizeBytes = await segment.#file.size();
    segment.#syncedSizeBytes = segment.sizeBytes;
    if (options.recover) {
      return { segment, recovery: await segment.recover() };
    }
    const offsetIndexBytes = await fileSystem.readFile(
      segmentFilePath(directory, baseOffset, OFFSET_INDEX_FILE_SUFFIX),
    );
    const timeIndexBytes = await fileSystem.readFile(
      segmentFilePath(directory, baseOffset, TIME_INDEX_FILE_SUFFIX),
    );
    const offsetIndexGood =
      offsetIndexBytes !== undefined &&
      segment.offsetIndex.load(offsetIndexBytes, segment.sizeBytes, options.nextSegmentBaseOffset);
    const timeIndexGood =
      timeIndexBytes !== undefined && segment.timeIndex.load(timeIndexBytes, options.nextSegmentBaseOffset);
    if (!offsetIndexGood || !timeIndexGood) {
      const recovery = await segment.recover();
      return recovery.truncatedBytes > 0 ? { segment, recovery } : { segment };
    }
    await segment.#recomputeTail();
    segment.#indexesPersisted = true;
    return { segment };
  }

  get isEmpty(): boolean {
    return this.sizeBytes === 0;
  }

  /** The active segment must roll before this write when it would outgrow its limits. */
  shouldRoll(options: {
    writeBytes: number;
    segmentBytes: number;
    segmentMs: number;
    nowMs: number;
  }): boolean {
    if (this.isEmpty) return false;
    return (
      this.sizeBytes + options.writeBytes > options.segmentBytes ||
      options.nowMs - this.createdAtMs >= options.segmentMs ||
      this.offsetIndex.isFull ||
      this.timeIndex.isFull
    );
  }

  /**
   * Appends validated, offset-stamped batches (in `buffers`, described by `batches`) at the end
   * of the file. The indexes are updated only after the write returned.
   */
  async append(buffers: readonly Uint8Array[], batches: readonly SegmentBatch[]): Promise<void> {
    this.#assertOpen();
    if (this.rolled) throw new Error(`assertion: append to rolled segment ${this.baseOffset}`);
    const writeBytes = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const batchBytes = batches.reduce((sum, batch) => sum + batch.sizeInBytes, 0);
    if (writeBytes !== batchBytes)
      throw new Error(`assertion: ${writeBytes} bytes written for ${batchBytes}`);
    if (this.sizeBytes + writeBytes > 0x7fffffff) throw new Error("assertion: segment larger than 2 GiB");
    const position = this.sizeBytes;
    this.#needsSync = true;
    await this.#file.write(buffers, position);
    let at = position;
    for (const batch of batches) {
      this.#indexBatch(at, batch.lastOffset, batch.maxTimestamp, batch.sizeInBytes);
      at += batch.sizeInBytes;
    }
    this.sizeBytes = at;
  }

  #indexBatch(position: number, lastOffset: number, maxTimestamp: number, sizeInBytes: number): void {
    if (lastOffset < this.nextOffset - 1) {
      throw new Error(`assertion: offset ${lastOffset} goes back in segment ${this.baseOffset}`);
    }
    if (maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = maxTimestamp;
      this.offsetOfMaxTimestamp = lastOffset;
    }
    if (this.#bytesSinceLastIndexEntry > this.#config.indexIntervalBytes && !this.offsetIndex.isFull) {
      this.offsetIndex.append(lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.#bytesSinceLastIndexEntry = 0;
    }
    this.#bytesSinceLastIndexEntry += sizeInBytes;
    this.nextOffset = lastOffset + 1;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error(`assertion: segment ${this.baseOffset} is closed`);
  }

  async #readAt(buffer: Uint8Array, position: number): Promise<number> {
    this.#assertOpen();
    this.#inFlightReads += 1;
    try {
      return await this.#file.read(buffer, 0, buffer.length, position);
    } finally {
      this.#inFlightReads -= 1;
      if (this.#inFlightReads === 0) this.#readsDrained?.();
    }
  }

  /**
   * Walks batch headers from `fromPosition` up to `endPosition`, calling `visit` for each until it
   * returns false. Headers are read in chunks; a header that does not fit is an assertion (the
   * segment only holds whole batches below sizeBytes).
   */
  async scanHeaders(
    fromPosition: number,
    endPosition: number,
    visit: (location: BatchLocation) => boolean,
  ): Promise<void> {
    let position = fromPosition;
    while (position < endPosition) {
      const chunk = Buffer.allocUnsafe(Math.min(HEADER_SCAN_CHUNK_BYTES, endPosition - position));
      const read = await this.#readAt(chunk, position);
      if (read < RECORD_BATCH_HEADER_BYTES) {
        throw new Error(`assertion: short header read at ${position} in segment ${this.baseOffset}`);
      }
      let at = 0;
      while (at + RECORD_BATCH_HEADER_BYTES <= read && position + at < endPosition) {
        const header = readRecordBatchHeader(chunk, at);
        if (!visit({ position: position + at, header })) return;
        at += header.sizeInBytes;
      }
      position += at;
    }
  }

  /** The first batch whose lastOffset >= offset (at or after `minimumPosition`), if any. */
  async findBatch(offset: number, endPosition = this.sizeBytes): Promise<BatchLocation | undefined> {
    const entry = this.offsetIndex.lookup(offset);
    let found: BatchLocation | undefined;
    await this.scanHeaders(entry?.position ?? 0, endPosition, (location) => {
      if (location.header.lastOffset >= offset) {
        found = location;
        return false;
      }
      return true;
    });
    return found;
  }

  /**
   * Whole batches starting with the one that holds `offset`: at least one batch (even larger
   * than `maxBytes`) unless its lastOffset >= `maxOffset`, then as many as fit in `maxBytes`,
   * stopping before the first batch whose lastOffset >= `maxOffset`. Undefined when no batch in
   * this segment holds an offset >= `offset`.
   */
  async read(offset: number, maxBytes: number, maxOffset: number): Promise<Buffer | undefined> {
    const endPosition = this.sizeBytes;
    const first = await this.findBatch(offset, endPosition);
    if (first === undefined) return undefined;
    if (first.header.lastOffset >= maxOffset) return Buffer.alloc(0);
    const length = Math.min(endPosition - first.position, Math.max(first.header.sizeInBytes, maxBytes));
    const buffer = Buffer.allocUnsafe(length);
    const read = await this.#readAt(buffer, first.position);
    if (read !== length)
      throw new Error(`assertion: short read ${read}/${length} in segment ${this.baseOffset}`);
    let end = 0;
    while (end + RECORD_BATCH_HEADER_BYTES <= length) {
      const header = readRecordBatchHeader(buffer, end);
      if (end + header.sizeInBytes > length || header.lastOffset >= maxOffset) break;
      end += header.sizeInBytes;
    }
    return buffer.subarray(0, end);
  }

  /** `length` bytes at `position` (below sizeBytes), e.g. a whole segment for the cleaner. */
  async readBytes(position: number, length: number): Promise<Buffer> {
    if (position < 0 || position + length > this.sizeBytes) {
      throw new Error(
        `assertion: read ${position}+${length} outside segment ${this.baseOffset} of ${this.sizeBytes} bytes`,
      );
    }
    const buffer = Buffer.allocUnsafe(length);
    const read = await this.#readAt(buffer, position);
    if (read !== length)
      throw new Error(`assertion: short read ${read}/${length} in segment ${this.baseOffset}`);
    return buffer;
  }

  /** The first batch with maxTimestamp >= timestamp, if any (batch granularity). */
  async findBatchByTimestamp(timestamp: number): Promise<BatchLocation | undefined> {
    if (this.maxTimestamp < timestamp) return undefined;
    const startOffset = this.timeIndex.lookup(timestamp);
    const start = await this.findBatch(startOffset);
    if (start === undefined) return undefined;
    let found: BatchLocation | undefined;
    await this.scanHeaders(start.position, this.sizeBytes, (location) => {
      if (location.header.maxTimestamp >= timestamp) {
        found = location;
        return false;
      }
      return true;
    });
    return found;
  }

  /**
   * Validates every batch from the start: length, magic, CRC-32C, offsets increasing and inside
   * the segment. Truncates the file at the first torn or bad batch, rebuilds both indexes.
   */
  async recover(): Promise<RecoveryResult> {
    this.offsetIndex.clear();
    this.timeIndex.clear();
    this.nextOffset = this.baseOffset;
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = this.baseOffset;
    this.#bytesSinceLastIndexEntry = 0;
    const fileSize = await this.#file.size();
    let position = 0;
    let reason: string | undefined;
    let chunk = Buffer.alloc(0);
    let chunkPosition = 0;
    scan: while (position < fileSize) {
      if (fileSize - position < RECORD_BATCH_HEADER_BYTES) {
        reason = `torn header at ${position}`;
        break;
      }
      let header: RecordBatchHeader;
      for (;;) {
        const at = position - chunkPosition;
        if (at >= 0 && at + RECORD_BATCH_HEADER_BYTES <= chunk.length) {
          try {
            header = readRecordBatchHeader(chunk, at);
          } catch (error) {
            reason = `bad header at ${position}: ${(error as Error).message}`;
            break scan;
          }
          if (position + header.sizeInBytes > fileSize) {
            reason = `torn batch at ${position}`;
            break scan;
          }
          if (at + header.sizeInBytes <= chunk.length) break;
        }
        const wanted = Math.min(fileSize - position, Math.max(RECOVERY_CHUNK_BYTES, chunk.length * 2));
        chunk = Buffer.allocUnsafe(wanted);
        chunkPosition = position;
        const read = await this.#readAt(chunk, position);
        chunk = chunk.subarray(0, read);
        if (read < RECORD_BATCH_HEADER_BYTES) {
          reason = `short read at ${position}`;
          break scan;
        }
      }
      try {
        validateRecordBatch(
          chunk.subarray(position - chunkPosition, position - chunkPosition + header.sizeInBytes),
        );
      } catch (error) {
        reason = `bad batch at ${position}: ${(error as Error).message}`;
        break;
      }
      if (header.baseOffset < this.nextOffset || header.lastOffset < header.baseOffset - 1) {
        reason = `offset ${header.baseOffset} at ${position} is not after ${this.nextOffset - 1}`;
        break;
      }
      if (header.lastOffset - this.baseOffset > 0x7fffffff) {
        reason = `offset ${header.lastOffset} does not belong to segment ${this.baseOffset}`;
        break;
      }
      this.#indexBatch(position, header.lastOffset, header.maxTimestamp, header.sizeInBytes);
      position += header.sizeInBytes;
    }
    this.sizeBytes = position;
    const truncatedBytes = fileSize - position;
    if (truncatedBytes > 0) {
      await this.#file.truncate(position);
      await this.#file.datasync();
    }
    this.#syncedSizeBytes = position;
    // What was read back may be only in the page cache (the process died, not the machine): the
    // next flush syncs it, so that a recovery point past this segment is true (nothing to sync in
    // an empty file).
    this.#needsSync = position > 0;
    this.#indexesPersisted = false;
    return reason === undefined
      ? { validBytes: position, truncatedBytes }
      : { validBytes: position, truncatedBytes, reason };
  }

  /** Recomputes nextOffset, max timestamp and index spacing by walking the tail after the indexes. */
  async #recomputeTail(): Promise<void> {
    const lastTimeEntry = this.timeIndex.lastEntry();
    if (lastTimeEntry !== undefined) {
      this.maxTimestamp = lastTimeEntry.timestamp;
      this.offsetOfMaxTimestamp = lastTimeEntry.offset;
    } else {
      this.maxTimestamp = -1;
      this.offsetOfMaxTimestamp = this.baseOffset;
    }
    const lastIndexEntry = this.offsetIndex.lastEntry();
    let position = lastIndexEntry?.position ?? 0;
    if (lastTimeEntry !== undefined) {
      const holder = await this.findBatch(lastTimeEntry.offset);
      if (holder !== undefined) position = Math.min(position, holder.position);
    }
    this.nextOffset = this.baseOffset;
    this.#bytesSinceLastIndexEntry = 0;
    await this.scanHeaders(position, this.sizeBytes, ({ position: at, header }) => {
      if (header.maxTimestamp > this.maxTimestamp) {
        this.maxTimestamp = header.maxTimestamp;
        this.offsetOfMaxTimestamp = header.lastOffset;
      }
      if (lastIndexEntry === undefined || at >= lastIndexEntry.position) {
        this.#bytesSinceLastIndexEntry += header.sizeInBytes;
      }
      this.nextOffset = header.lastOffset + 1;
      return true;
    });
    if (this.sizeBytes > 0 && this.nextOffset === this.baseOffset && position === this.sizeBytes) {
      throw new Error(`assertion: segment ${this.baseOffset} has bytes but no batch`);
    }
  }

  /**
   * Removes the batch holding `offset` and everything after it; returns the bytes removed. The
   * segment then ends at a batch boundary and its nextOffset is the removed batch's baseOffset.
   */
  async truncateTo(offset: number): Promise<number> {
    this.#assertOpen();
    const location = await this.findBatch(offset);
    if (location === undefined) return 0;
    const removed = this.sizeBytes - location.position;
    await this.#file.truncate(location.position);
    await this.#file.datasync();
    this.sizeBytes = location.position;
    this.#syncedSizeBytes = location.position;
    this.offsetIndex.truncateToOffset(location.header.baseOffset);
    this.offsetIndex.truncateToPosition(location.position);
    this.timeIndex.truncateToOffset(location.header.baseOffset);
    this.rolled = false;
    this.#indexesPersisted = false;
    // The index files on disk now describe bytes that are gone: remove them (rebuilt on demand).
    await this.#fileSystem.unlink(segmentFilePath(this.directory, this.baseOffset, OFFSET_INDEX_FILE_SUFFIX));
    await this.#fileSystem.unlink(segmentFilePath(this.directory, this.baseOffset, TIME_INDEX_FILE_SUFFIX));
    await this.#recomputeTail();
    return removed;
  }

  /** Up to `length` bytes of the `.log` file at `position` (fewer at its end): a bulk copy's read. */
  async readFileBytes(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, this.sizeBytes - position)));
    if (buffer.length === 0) return buffer;
    const read = await this.#readAt(buffer, position);
    return buffer.subarray(0, read);
  }

  /** True when bytes were written (or index files are due) since the last flush. */
  get isDirty(): boolean {
    return (
      this.#needsSync || this.#syncedSizeBytes !== this.sizeBytes || (this.rolled && !this.#indexesPersisted)
    );
  }

  /**
   * fdatasync covering every byte written before the call; for a rolled segment, also writes and
   * syncs its index files (so a recovery point past it never needs a rebuild).
   */
  async flush(): Promise<void> {
    this.#assertOpen();
    const sizeBefore = this.sizeBytes;
    if (this.#needsSync || this.#syncedSizeBytes !== sizeBefore) {
      this.#needsSync = false;
      try {
        await this.#file.datasync();
      } catch (error) {
        this.#needsSync = true;
        throw error;
      }
      this.#syncedSizeBytes = Math.max(this.#syncedSizeBytes, sizeBefore);
    }
    if (this.rolled && !this.#indexesPersisted) await this.persistIndexes();
  }

  /** Marks the segment read-only (no more appends) with its final time-index entry. */
  roll(): void {
    this.rolled = true;
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, true);
    this.#indexesPersisted = false;
  }

  /** Writes both index files and syncs them. */
  async persistIndexes(): Promise<void> {
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, true);
    for (const [suffix, bytes] of [
      [OFFSET_INDEX_FILE_SUFFIX, this.offsetIndex.serialize()],
      [TIME_INDEX_FILE_SUFFIX, this.timeIndex.serialize()],
    ] as const) {
      const file = await this.#fileSystem.open(segmentFilePath(this.directory, this.baseOffset, suffix), {
        create: true,
      });
      try {
        await file.truncate(0);
        await file.write([bytes], 0);
        await file.datasync();
      } finally {
        await file.close();
      }
    }
    this.#indexesPersisted = true;
  }

  /** Closes the file after in-flight reads finish. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#inFlightReads > 0) {
      await new Promise<void>((resolve) => {
        this.#readsDrained = resolve;
      });
    }
    await this.#file.close();
  }

  /** Closes and removes the segment's files. */
  async delete(): Promise<void> {
    await this.close();
    for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      await this.#fileSystem.unlink(segmentFilePath(this.directory, this.baseOffset, suffix));
    }
  }
}
