import { join } from "node:path";
import type { RillError } from "@rill/protocol";
import { writeFileAtomically } from "../fs/atomic-file.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import type { LogSegment } from "../segment/log-segment.js";
import {
  LOG_FILE_SUFFIX,
  OFFSET_INDEX_FILE_SUFFIX,
  parseSegmentFileName,
  SWAP_FILE_SUFFIX,
  SWAP_MANIFEST_SUFFIX,
  segmentFilePath,
  segmentFileStem,
  TIME_INDEX_FILE_SUFFIX,
} from "../segment/segment-files.js";
import type { LocalLog } from "./local-log.js";
import type { LogOffsets } from "./log-offsets.js";
import { storageError } from "./storage-error.js";
import type { TailCache } from "./tail-cache.js";

export interface SegmentSwapOptions {
  readonly fileSystem: StorageFileSystem;
  readonly directory: string;
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
  readonly tailCache: TailCache;
  readonly requestFlush: () => void;
  readonly goOffline: (error: RillError) => void;
}

/**
 * The cleaner's side of a partition log (Kafka's LogCleaner swap): which segments it may
 * rewrite, and the crash-safe replacement of rewritten segments by the cleaned one. Recovery
 * finishes a swap that passed its commit point (completeInterruptedSwaps, called by the loader).
 */
export class SegmentSwap {
  readonly #options: SegmentSwapOptions;
  constructor(options: SegmentSwapOptions) {
    this.#options = options;
  }

  /** Segments the cleaner may rewrite: closed (rolled) ones wholly below the high watermark. */
  cleanableSegments(): readonly LogSegment[] {
    const segments = this.#options.local.segments;
    const result: LogSegment[] = [];
    for (let index = 0; index < segments.length - 1; index += 1) {
      const segment = segments[index] as LogSegment;
      const next = segments[index + 1] as LogSegment;
      if (next.baseOffset > this.#options.offsets.highWatermark) break;
      result.push(segment);
    }
    return result;
  }

  /**
   * Replaces the adjacent segments `replaced` by the cleaned segment in `cleanedPath` (fsynced,
   * same offsets from the first base offset to the last segment's end), unless one of them
   * changed or left meanwhile (then `cleanedPath` is removed and the answer is false). The
   * caller runs it in the append queue. Crash-safe like Kafka's swap:
   * 1. `<base>.log.replaces` lists the replaced base offsets (written atomically);
   * 2. rename `<base>.log.cleaned` → `<base>.log.swap`, fsync the directory: the commit point;
   * 3. delete the replaced segments' files, rename `.swap` → `.log`, delete the manifest.
   * A crash before 2 leaves the old segments (recovery deletes `.cleaned` and the manifest); after
   * it, recovery finishes 3 (completeInterruptedSwaps). Readers of the old segments retry.
   * A failure from step 1 on takes the log offline (STORAGE_ERROR).
   */
  async swapCleanedSegments(
    replaced: readonly LogSegment[],
    sizes: readonly number[],
    cleanedPath: string,
  ): Promise<boolean> {
    const { fileSystem, directory, local } = this.#options;
    const segments = local.segments;
    const first = replaced[0];
    const index = first === undefined ? -1 : segments.indexOf(first);
    const unchanged =
      index >= 0 &&
      index + replaced.length < segments.length &&
      replaced.every(
        (segment, offset) => segments[index + offset] === segment && segment.sizeBytes === sizes[offset],
      );
    if (!unchanged || first === undefined) {
      await fileSystem.unlink(cleanedPath);
      return false;
    }
    const last = replaced.at(-1) as LogSegment;
    const next = segments[index + replaced.length] as LogSegment;
    const logPath = segmentFilePath(directory, first.baseOffset, LOG_FILE_SUFFIX);
    const swapPath = `${logPath}${SWAP_FILE_SUFFIX}`;
    const manifestPath = `${logPath}${SWAP_MANIFEST_SUFFIX}`;
    try {
      const manifest = replaced.map((segment) => `${segment.baseOffset}\n`).join("");
      await writeFileAtomically(fileSystem, manifestPath, Buffer.from(manifest, "utf8"));
      // Commit point: from here a crash completes the swap on recovery.
      await fileSystem.rename(cleanedPath, swapPath);
      await fileSystem.syncDirectory(directory);
      for (const segment of replaced) await segment.close();
      await completeSwap(
        fileSystem,
        directory,
        `${segmentFileStem(first.baseOffset)}${LOG_FILE_SUFFIX}${SWAP_FILE_SUFFIX}`,
      );
      const fresh = await local.loadSegment(first.baseOffset, {
        recover: true,
        nextSegmentBaseOffset: next.baseOffset,
      });
      if (fresh.nextOffset !== last.nextOffset) {
        throw new Error(
          `assertion: cleaned segment ${first.baseOffset} ends at ${fresh.nextOffset}, not ${last.nextOffset}`,
        );
      }
      fresh.roll();
      // Readers must see the cleaned bytes, not cached originals.
      this.#options.tailCache.dropBefore(fresh.nextOffset);
      local.replace(index, replaced.length, fresh);
      this.#options.requestFlush();
      return true;
    } catch (error) {
      const offline = storageError(`swapping in the cleaned segment ${first.baseOffset} failed`, error);
      this.#options.goOffline(offline);
      throw offline;
    }
  }
}

/**
 * The cleaner commits a swap by renaming `<base>.log.cleaned` to `.swap` (after writing the
 * `.replaces` manifest); a `.swap` found at open means the crash came after that commit point:
 * finish it. A manifest without its `.swap` is from before the commit point (or after the
 * swap finished): it goes, and the segments it names stay.
 */
export async function completeInterruptedSwaps(
  fileSystem: StorageFileSystem,
  directory: string,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    if (name.endsWith(SWAP_FILE_SUFFIX)) await completeSwap(fileSystem, directory, name);
  }
  for (const name of names) {
    if (!name.endsWith(SWAP_MANIFEST_SUFFIX)) continue;
    const swap = `${name.slice(0, -SWAP_MANIFEST_SUFFIX.length)}${SWAP_FILE_SUFFIX}`;
    if (!names.includes(swap)) await fileSystem.unlink(join(directory, name));
  }
}

/**
 * Step 3 of a swap (see swapCleanedSegments), idempotent so recovery can redo it: delete the
 * segments the manifest names (the first has the swap's base offset), rename the `.swap` to
 * `.log`, delete the manifest.
 */
async function completeSwap(fileSystem: StorageFileSystem, directory: string, swap: string): Promise<void> {
  const inner = swap.slice(0, -SWAP_FILE_SUFFIX.length);
  const baseOffset = parseSegmentFileName(inner, LOG_FILE_SUFFIX);
  if (baseOffset === undefined) return;
  const manifestPath = join(directory, `${inner}${SWAP_MANIFEST_SUFFIX}`);
  const manifest = await fileSystem.readFile(manifestPath);
  const replaced = new Set([baseOffset]);
  for (const line of manifest?.toString("utf8").split("\n") ?? []) {
    const offset = Number(line);
    if (line.length > 0 && Number.isSafeInteger(offset)) replaced.add(offset);
  }
  for (const offset of replaced) {
    for (const suffix of [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX]) {
      await fileSystem.unlink(segmentFilePath(directory, offset, suffix));
    }
  }
  await fileSystem.rename(join(directory, swap), join(directory, inner));
  await fileSystem.syncDirectory(directory);
  await fileSystem.unlink(manifestPath);
  await fileSystem.syncDirectory(directory);
}
