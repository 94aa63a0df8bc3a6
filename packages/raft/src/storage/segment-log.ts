/**
 * The Raft log on disk: entry records in segment files named by the 20-digit index of their first
 * entry (`00000000000000000001.log`), appended to the last ("active") segment and rolled at
 * `segmentBytesMax`. This class only moves bytes; `DurableRaftStorage` decides what to write.
 *
 * Writes are not durable until `sync()`, which fdatasyncs the segments written since the last sync
 * (size changes from truncation included) and fsyncs the directory when files were created or
 * deleted.
 */
import { type FileHandle, mkdir, open, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Entry } from "../core/types.js";
import { ByteWriter, corruptDataDir } from "./bytes.js";
import { readEntryRecord, recordBytes, writeEntryRecord } from "./entry-record.js";
import { fsyncDirectory } from "./files.js";

const SEGMENT_SUFFIX = ".log";
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
  readonly dir: string;
  readonly segmentBytesMax: number;
  readonly entryBytesMax: number;
}

export function segmentFileName(baseIndex: number): string {
  return `${String(baseIndex).padStart(20, "0")}${SEGMENT_SUFFIX}`;
}

export class SegmentLog {
  private readonly segments: Segment[] = [];
  private activeHandle: FileHandle | undefined;
  /** Handles written since the last sync, to fdatasync (the active one and any rolled one). */
  private readonly unsyncedHandles = new Set<FileHandle>();
  /** Handles closed only after their data is synced. */
  private readonly handlesToClose = new Set<FileHandle>();
  private directoryDirty = false;

  private constructor(private readonly options: SegmentLogOptions) {}

  /**
   * Opens the log, scans every segment and returns its entries. A bad record at the tail of the
   * last segment is cut off (a torn write); a bad record anywhere else, a segment that does not
   * start where the previous one ended, or an index out of sequence is corruption.
   * `canTruncateTail(index)` lets the caller refuse to cut entries it knows were acknowledged.
   */
  static async open(
    options: SegmentLogOptions,
    canTruncateTail: (firstCutIndex: number) => boolean,
  ): Promise<{ log: SegmentLog; loaded: LoadedLog }> {
    await mkdir(options.dir, { recursive: true });
    const log = new SegmentLog(options);
    const names = (await readdir(options.dir)).filter((name) => name.endsWith(SEGMENT_SUFFIX)).sort();
    const entries: Entry[] = [];
    let tornBytesTruncated = 0;
    let tornReason: string | undefined;
    for (const [position, name] of names.entries()) {
      const match = SEGMENT_NAME.exec(name);
      if (match === null) throw corruptDataDir(`unexpected file ${name} in the log directory`);
      const baseIndex = Number(match[1]);
      const isLast = position === names.length - 1;
      const path = join(options.dir, name);
      const bytes = new Uint8Array(await readFile(path));
      const segment: Segment = { baseIndex, path, positions: [], sizeBytes: 0 };
      const expectedBase = entries.length === 0 ? baseIndex : (entries.at(-1) as Entry).index + 1;
      if (baseIndex !== expectedBase) {
        throw corruptDataDir(
          `segment ${name} starts at ${baseIndex}, expected ${expectedBase} (a gap in the log)`,
        );
      }
      let offset = 0;
      for (;;) {
        const result = readEntryRecord(bytes, offset, options.entryBytesMax);
        if (result.kind === "end") break;
        if (result.kind === "bad") {
          const firstCutIndex = baseIndex + segment.positions.length;
          if (!isLast) throw corruptDataDir(`segment ${name}: ${result.reason} at byte ${offset}`);
          if (!canTruncateTail(firstCutIndex)) {
            throw corruptDataDir(
              `segment ${name}: ${result.reason} at byte ${offset}, index ${firstCutIndex} is known to be committed`,
            );
          }
          tornBytesTruncated = bytes.length - offset;
          tornReason = result.reason;
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
      if (segment.positions.length === 0 && !isLast) throw corruptDataDir(`segment ${name} is empty`);
      log.segments.push(segment);
    }
    const last = log.segments.at(-1);
    if (last !== undefined) {
      log.activeHandle = await open(last.path, "r+");
      if (tornBytesTruncated > 0) {
        await log.activeHandle.truncate(last.sizeBytes);
        await log.activeHandle.datasync();
      }
    }
    return {
      log,
      loaded:
        tornReason === undefined
          ? { entries, tornBytesTruncated }
          : { entries, tornBytesTruncated, tornReason },
    };
  }

  /** Index of the last entry on disk, or undefined when there are no entries. */
  lastIndex(): number | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i] as Segment;
      if (segment.positions.length > 0) return segment.baseIndex + segment.positions.length - 1;
    }
    return undefined;
  }

  /** Index the next append must have, or undefined when the log is empty (any start). */
  private nextIndex(): number | undefined {
    const last = this.segments.at(-1);
    return last === undefined ? undefined : last.baseIndex + last.positions.length;
  }

  /** Appends contiguous entries after the last one (or anywhere when the log is empty). */
  async append(entries: readonly Entry[]): Promise<void> {
    if (entries.length === 0) return;
    const expected = this.nextIndex();
    const first = entries[0] as Entry;
    if (expected !== undefined && first.index !== expected) {
      throw new Error(`raft log: append at ${first.index} but the next index is ${expected}`);
    }
    let pending = 0;
    while (pending < entries.length) {
      const next = entries[pending] as Entry;
      const active = await this.activeForAppend(next.index, recordBytes(next));
      const writer = new ByteWriter(64 * 1024);
      let position = active.sizeBytes;
      // Fill the active segment up to segmentBytesMax, but always take at least one entry.
      while (pending < entries.length) {
        const entry = entries[pending] as Entry;
        const bytes = recordBytes(entry);
        if (writer.size > 0 && position + bytes > this.options.segmentBytesMax) break; // roll
        if (pending > 0 && entry.index !== (entries[pending - 1] as Entry).index + 1) {
          throw new Error(`raft log: entries not contiguous at ${entry.index}`);
        }
        active.positions.push(position);
        writeEntryRecord(writer, entry);
        position += bytes;
        pending += 1;
      }
      const buffer = writer.finish();
      const handle = this.activeHandle as FileHandle;
      await writeFully(handle, buffer, active.sizeBytes);
      active.sizeBytes += buffer.length;
      this.unsyncedHandles.add(handle);
    }
  }

  /**
   * The active segment, rolled to a new one starting at `nextIndex` when the next record would
   * take it past segmentBytesMax (an empty segment takes any one record).
   */
  private async activeForAppend(nextIndex: number, nextRecordBytes: number): Promise<Segment> {
    const active = this.segments.at(-1);
    if (active !== undefined && active.sizeBytes + nextRecordBytes <= this.options.segmentBytesMax)
      return active;
    if (active !== undefined && active.positions.length === 0) return active;
    if (this.activeHandle !== undefined) this.retireActiveHandle();
    const path = join(this.options.dir, segmentFileName(nextIndex));
    const segment: Segment = { baseIndex: nextIndex, path, positions: [], sizeBytes: 0 };
    this.activeHandle = await open(path, "wx+");
    this.segments.push(segment);
    this.directoryDirty = true;
    return segment;
  }

  private retireActiveHandle(): void {
    const handle = this.activeHandle as FileHandle;
    this.activeHandle = undefined;
    if (this.unsyncedHandles.has(handle)) this.handlesToClose.add(handle);
    else void handle.close();
  }

  /** Removes entries `index` and after (a conflicting suffix). */
  async truncateFrom(index: number): Promise<void> {
    while (this.segments.length > 0) {
      const last = this.segments.at(-1) as Segment;
      if (last.baseIndex < index || (last.baseIndex === index && this.segments.length === 1)) break;
      // The whole segment goes.
      if (this.activeHandle !== undefined) {
        const handle = this.activeHandle;
        this.activeHandle = undefined;
        this.unsyncedHandles.delete(handle);
        this.handlesToClose.delete(handle);
        await handle.close();
      }
      await unlink(last.path);
      this.segments.pop();
      this.directoryDirty = true;
    }
    const last = this.segments.at(-1);
    if (last === undefined) return;
    if (this.activeHandle === undefined) this.activeHandle = await open(last.path, "r+");
    const keep = Math.max(0, index - last.baseIndex);
    if (keep >= last.positions.length) return;
    const cutAt = last.positions[keep] as number;
    last.positions.length = keep;
    last.sizeBytes = cutAt;
    await this.activeHandle.truncate(cutAt);
    this.unsyncedHandles.add(this.activeHandle);
  }

  /** Deletes whole segments whose entries are all at or before `index` (never the active one). */
  async deleteSegmentsThrough(index: number): Promise<void> {
    while (this.segments.length > 1) {
      const first = this.segments[0] as Segment;
      const second = this.segments[1] as Segment;
      if (second.baseIndex - 1 > index) break;
      await unlink(first.path);
      this.segments.shift();
      this.directoryDirty = true;
    }
  }

  /** Deletes every segment (the log is replaced by a snapshot), newest first. */
  async deleteAll(): Promise<void> {
    await this.sync();
    if (this.activeHandle !== undefined) {
      await this.activeHandle.close();
      this.activeHandle = undefined;
    }
    // Newest first: a crash part way leaves a prefix of the log, which recovery recognises as
    // covered by (or conflicting with) the snapshot and drops; a suffix would look like a gap.
    for (const segment of [...this.segments].reverse()) await unlink(segment.path);
    if (this.segments.length > 0) this.directoryDirty = true;
    this.segments.length = 0;
  }

  /** Makes every write, truncation, creation and deletion so far durable. */
  async sync(): Promise<void> {
    const handles = [...this.unsyncedHandles];
    this.unsyncedHandles.clear();
    await Promise.all(handles.map((handle) => handle.datasync()));
    for (const handle of this.handlesToClose) await handle.close();
    this.handlesToClose.clear();
    if (this.directoryDirty) {
      this.directoryDirty = false;
      await fsyncDirectory(this.options.dir);
    }
  }

  async close(): Promise<void> {
    await this.sync();
    await this.activeHandle?.close();
    this.activeHandle = undefined;
  }
}

async function writeFully(handle: FileHandle, buffer: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, written, buffer.length - written, position + written);
    written += bytesWritten;
  }
}
