/**
 * The Raft log on disk: entry records in segment files named by the 20-digit index of their first
 * entry (`00000000000000000001.log`), appended to the last ("active") segment and rolled at
 * `segmentBytesMax`. This class only moves bytes; `DurableRaftStorage` decides what to write.
 *
 * Writes are not durable until `sync()`, which fdatasyncs the segments written since the last sync
 * (size changes from truncation included) and fsyncs the directory when files were created or
 * deleted.
 */
import { join } from "node:path";
import type { StorageFile, StorageFileSystem } from "@rill/storage";
import type { Entry } from "../core/types.js";
import { ByteWriter, corruptDataDir } from "./bytes.js";
import { readEntryRecord, recordBytes, writeEntryRecord } from "./entry-record.js";

const SEGMENT_SUFFIX = ".log";
/** Initial size of one append's write buffer. */
const WRITE_BUFFER_BYTES_MAX = 64 * 1024;
const SEGMENT_NAME = /^(\d{20})\.log$/;

interface Segment {
  readonly baseIndex: number;
  readonly path: string;
  /** Byte position of each record: `positions[i]` is entry `baseIndex + i`. */
  readonly positions: number[];
  sizeBytes: number;
}

export interface LoadedLog {
  readonly entries: Entry[];
  /** Bytes cut from the tail of the last segment (a torn write), 0 when clean. */
  readonly tornBytesTruncated: number;
  /** Why the tail was cut, when it was. */
  readonly tornReason?: string;
}

export interface SegmentLogOptions {
  /** Every read, write and sync goes through it (crash and fault tests inject their own). */
  readonly fileSystem: StorageFileSystem;
  readonly dir: string;
  readonly segmentBytesMax: number;
  readonly entryBytesMax: number;
}

export function segmentFileName(baseIndex: number): string {
  return `${String(baseIndex).padStart(20, "0")}${SEGMENT_SUFFIX}`;
}

function segmentBase(name: string): number {
  return Number((SEGMENT_NAME.exec(name) as RegExpExecArray)[1]);
}

export class SegmentLog {
  readonly #segments: Segment[] = [];
  #activeHandle: StorageFile | undefined;
  /** Handles written since the last sync, to fdatasync (the active one and any rolled one). */
  readonly #unsyncedHandles = new Set<StorageFile>();
  /** Handles closed only after their data is synced. */
  readonly #handlesToClose = new Set<StorageFile>();
  #directoryDirty = false;

  readonly #options: SegmentLogOptions;
  private constructor(options: SegmentLogOptions) {
    this.#options = options;
  }

  /**
   * Opens the log, scans every segment and returns its entries. A torn write is cut off: a bad
   * record, a segment that does not start where the previous one ended, or an empty segment
   * before the last, when every segment after that point is empty (a crash before the fsync lost
   * what an append wrote, while the directory still names the segments that append created; the
   * segments are synced oldest first, so a durable later segment means a durable earlier one).
   * The same anomalies with data after them, or an index out of sequence, are corruption.
   * `canTruncateTail(index)` lets the caller refuse to cut entries it knows were acknowledged.
   */
  static async open(
    options: SegmentLogOptions,
    canTruncateTail: (firstCutIndex: number) => boolean,
  ): Promise<{ log: SegmentLog; loaded: LoadedLog }> {
    const { fileSystem } = options;
    await fileSystem.mkdir(options.dir);
    const log = new SegmentLog(options);
    const files: { readonly name: string; readonly path: string; readonly bytes: Uint8Array }[] = [];
    for (const name of (await fileSystem.readdir(options.dir)).sort()) {
      if (!name.endsWith(SEGMENT_SUFFIX)) continue;
      if (!SEGMENT_NAME.test(name)) throw corruptDataDir(`unexpected file ${name} in the log directory`);
      const path = join(options.dir, name);
      const contents = await fileSystem.readFile(path);
      if (contents === undefined) throw corruptDataDir(`segment ${name} vanished while the log was opened`);
      files.push({ name, path, bytes: new Uint8Array(contents) });
    }
    const entries: Entry[] = [];
    /** Where the log is cut: the segments from `removeFrom` on go, the one before keeps its scan. */
    let torn: { readonly reason: string; readonly bytes: number; readonly removeFrom: number } | undefined;
    const cutAt = (position: number, reason: string, offset: number, keepSegment: boolean): void => {
      const { name } = files[position] as (typeof files)[number];
      // A segment that goes whole must hold nothing, as must every one after the cut.
      const removed = files.slice(keepSegment ? position + 1 : position);
      const firstCutIndex = entries.length > 0 ? (entries.at(-1) as Entry).index + 1 : segmentBase(name);
      if (removed.some((file) => file.bytes.length > 0))
        throw corruptDataDir(`segment ${name}: ${reason} at byte ${offset}`);
      if (!canTruncateTail(firstCutIndex)) {
        throw corruptDataDir(
          `segment ${name}: ${reason} at byte ${offset}, index ${firstCutIndex} is known to be committed`,
        );
      }
      const cutBytes = (files[position] as (typeof files)[number]).bytes.length - offset;
      torn = { reason, bytes: cutBytes, removeFrom: keepSegment ? position + 1 : position };
    };
    for (const [position, { name, path, bytes }] of files.entries()) {
      const baseIndex = segmentBase(name);
      const isLast = position === files.length - 1;
      const expectedBase = entries.length === 0 ? baseIndex : (entries.at(-1) as Entry).index + 1;
      if (baseIndex !== expectedBase) {
        cutAt(position, `starts at ${baseIndex}, expected ${expectedBase} (a gap in the log)`, 0, false);
        break;
      }
      if (bytes.length === 0 && !isLast) {
        cutAt(position, "an empty segment before the last", 0, false);
        break;
      }
      const segment: Segment = { baseIndex, path, positions: [], sizeBytes: 0 };
      let offset = 0;
      let badReason: string | undefined;
      for (;;) {
        const result = readEntryRecord(bytes, offset, options.entryBytesMax);
        if (result.kind === "end") break;
        if (result.kind === "bad") {
          badReason = result.reason;
          break;
        }
        const expectedIndex = baseIndex + segment.positions.length;
        if (result.entry.index !== expectedIndex) {
          throw corruptDataDir(
            `segment ${name}: entry ${result.entry.index} where ${expectedIndex} was expected`,
          );
        }
        segment.positions.push(offset);
        entries.push(result.entry);
        offset = result.nextPosition;
      }
      segment.sizeBytes = offset;
      log.#segments.push(segment);
      if (badReason !== undefined) {
        cutAt(position, badReason, offset, true);
        break;
      }
    }
    if (torn !== undefined) {
      // Newest first, so a crash part way leaves a shorter tail that the next open cuts again.
      for (const file of files.slice(torn.removeFrom).reverse()) await fileSystem.unlink(file.path);
      if (torn.removeFrom < files.length) await fileSystem.syncDirectory(options.dir);
    }
    const last = log.#segments.at(-1);
    if (last !== undefined) {
      log.#activeHandle = await fileSystem.open(last.path, { create: false });
      if (torn !== undefined && torn.bytes > 0) {
        await log.#activeHandle.truncate(last.sizeBytes);
        await log.#activeHandle.datasync();
      }
    }
    return {
      log,
      loaded:
        torn === undefined
          ? { entries, tornBytesTruncated: 0 }
          : { entries, tornBytesTruncated: torn.bytes, tornReason: torn.reason },
    };
  }

  /** Index of the last entry on disk, or undefined when there are no entries. */
  lastIndex(): number | undefined {
    for (let i = this.#segments.length - 1; i >= 0; i--) {
      const segment = this.#segments[i] as Segment;
      if (segment.positions.length > 0) return segment.baseIndex + segment.positions.length - 1;
    }
    return undefined;
  }

  /** Index the next append must have, or undefined when the log is empty (any start). */
  #nextIndex(): number | undefined {
    const last = this.#segments.at(-1);
    return last === undefined ? undefined : last.baseIndex + last.positions.length;
  }

  /** Appends contiguous entries after the last one (or anywhere when the log is empty). */
  async append(entries: readonly Entry[]): Promise<void> {
    if (entries.length === 0) return;
    const expected = this.#nextIndex();
    const first = entries[0] as Entry;
    if (expected !== undefined && first.index !== expected) {
      throw new Error(`raft log: append at ${first.index} but the next index is ${expected}`);
    }
    let pending = 0;
    while (pending < entries.length) {
      const next = entries[pending] as Entry;
      const active = await this.#activeForAppend(next.index, recordBytes(next));
      // Sized for what is left to write (capped: a larger batch grows the buffer as it goes).
      let pendingBytes = 0;
      for (let i = pending; i < entries.length && pendingBytes < WRITE_BUFFER_BYTES_MAX; i++)
        pendingBytes += recordBytes(entries[i] as Entry);
      const writer = new ByteWriter(Math.min(pendingBytes, WRITE_BUFFER_BYTES_MAX));
      let position = active.sizeBytes;
      // Fill the active segment up to segmentBytesMax, but always take at least one entry.
      while (pending < entries.length) {
        const entry = entries[pending] as Entry;
        const bytes = recordBytes(entry);
        if (writer.size > 0 && position + bytes > this.#options.segmentBytesMax) break; // roll
        if (pending > 0 && entry.index !== (entries[pending - 1] as Entry).index + 1) {
          throw new Error(`raft log: entries not contiguous at ${entry.index}`);
        }
        active.positions.push(position);
        writeEntryRecord(writer, entry);
        position += bytes;
        pending += 1;
      }
      const buffer = writer.finish();
      const handle = this.#activeHandle as StorageFile;
      await handle.write([buffer], active.sizeBytes);
      active.sizeBytes += buffer.length;
      this.#unsyncedHandles.add(handle);
    }
  }

  /**
   * The active segment, rolled to a new one starting at `nextIndex` when the next record would
   * take it past segmentBytesMax (an empty segment takes any one record).
   */
  async #activeForAppend(nextIndex: number, nextRecordBytes: number): Promise<Segment> {
    const active = this.#segments.at(-1);
    if (active !== undefined && active.sizeBytes + nextRecordBytes <= this.#options.segmentBytesMax)
      return active;
    if (active !== undefined && active.positions.length === 0) return active;
    if (this.#activeHandle !== undefined) this.#retireActiveHandle();
    const path = join(this.#options.dir, segmentFileName(nextIndex));
    const segment: Segment = { baseIndex: nextIndex, path, positions: [], sizeBytes: 0 };
    // A new segment never reuses a file: one left behind would be a log this class did not scan.
    if (await this.#options.fileSystem.exists(path))
      throw new Error(`raft log: segment ${path} already exists`);
    this.#activeHandle = await this.#options.fileSystem.open(path, { create: true });
    this.#segments.push(segment);
    this.#directoryDirty = true;
    return segment;
  }

  #retireActiveHandle(): void {
    const handle = this.#activeHandle as StorageFile;
    this.#activeHandle = undefined;
    if (this.#unsyncedHandles.has(handle)) this.#handlesToClose.add(handle);
    else void handle.close();
  }

  /** Removes entries `index` and after (a conflicting suffix). */
  async truncateFrom(index: number): Promise<void> {
    while (this.#segments.length > 0) {
      const last = this.#segments.at(-1) as Segment;
      if (last.baseIndex < index || (last.baseIndex === index && this.#segments.length === 1)) break;
      // The whole segment goes.
      if (this.#activeHandle !== undefined) {
        const handle = this.#activeHandle;
        this.#activeHandle = undefined;
        this.#unsyncedHandles.delete(handle);
        this.#handlesToClose.delete(handle);
        await handle.close();
      }
      await this.#options.fileSystem.unlink(last.path);
      this.#segments.pop();
      this.#directoryDirty = true;
    }
    const last = this.#segments.at(-1);
    if (last === undefined) return;
    if (this.#activeHandle === undefined)
      this.#activeHandle = await this.#options.fileSystem.open(last.path, { create: false });
    const keep = Math.max(0, index - last.baseIndex);
    if (keep >= last.positions.length) return;
    const cutAt = last.positions[keep] as number;
    last.positions.length = keep;
    last.sizeBytes = cutAt;
    await this.#activeHandle.truncate(cutAt);
    this.#unsyncedHandles.add(this.#activeHandle);
  }

  /** Deletes whole segments whose entries are all at or before `index` (never the active one). */
  async deleteSegmentsThrough(index: number): Promise<void> {
    while (this.#segments.length > 1) {
      const first = this.#segments[0] as Segment;
      const second = this.#segments[1] as Segment;
      if (second.baseIndex - 1 > index) break;
      await this.#options.fileSystem.unlink(first.path);
      this.#segments.shift();
      this.#directoryDirty = true;
    }
  }

  /** Deletes every segment (the log is replaced by a snapshot), newest first. */
  async deleteAll(): Promise<void> {
    await this.sync();
    if (this.#activeHandle !== undefined) {
      await this.#activeHandle.close();
      this.#activeHandle = undefined;
    }
    // Newest first: a crash part way leaves a prefix of the log, which recovery recognises as
    // covered by (or conflicting with) the snapshot and drops; a suffix would look like a gap.
    for (const segment of [...this.#segments].reverse()) await this.#options.fileSystem.unlink(segment.path);
    if (this.#segments.length > 0) this.#directoryDirty = true;
    this.#segments.length = 0;
  }

  /** Makes every write, truncation, creation and deletion so far durable. */
  async sync(): Promise<void> {
    const handles = [...this.#unsyncedHandles];
    this.#unsyncedHandles.clear();
    // One after the other, oldest segment first (the set keeps insertion order): a later
    // segment is durable only once every earlier one is, which recovery relies on (see open).
    for (const handle of handles) await handle.datasync();
    for (const handle of this.#handlesToClose) await handle.close();
    this.#handlesToClose.clear();
    if (this.#directoryDirty) {
      this.#directoryDirty = false;
      await this.#options.fileSystem.syncDirectory(this.#options.dir);
    }
  }

  async close(): Promise<void> {
    await this.sync();
    await this.#activeHandle?.close();
    this.#activeHandle = undefined;
  }
}
