import { RillError } from "@rill/protocol";
import type { LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import type { StorageFileSystem } from "../fs/file-system.js";
import type { LogSegment } from "../segment/log-segment.js";
import type { StagedSegment } from "../segment/staged-segment.js";
import type { LocalLog } from "./local-log.js";
import type { LogCheckpoints } from "./log-checkpoints.js";
import type { LogDurability } from "./log-durability.js";
import type { LogOffsets } from "./log-offsets.js";
import { storageError } from "./storage-error.js";

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

export interface SegmentInstallOptions {
  readonly fileSystem: StorageFileSystem;
  readonly directory: string;
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
  readonly epochCache: LeaderEpochCache;
  readonly checkpoints: LogCheckpoints;
  readonly durability: LogDurability;
  readonly goOffline: (error: RillError) => void;
}

/**
 * Whole-segment bulk copy between replicas: on the source, which sealed segments can be sent
 * and their description; on the target, the crash-safe install of a completely staged copy at
 * the log end. Staging itself (the chunks as they arrive) is StagedSegment's.
 */
export class SegmentInstall {
  readonly #options: SegmentInstallOptions;
  constructor(options: SegmentInstallOptions) {
    this.#options = options;
  }

  /**
   * The base offsets of the sealed (rolled, fully durable) segments a bulk copy from `offset`
   * sends: from the segment starting at `offset` (or the first one, when `offset` is below it) to
   * the last sealed one. Empty when no sealed segment starts there.
   */
  sealedSegmentsFrom(offset: number): number[] {
    const sealed = this.#options.local.segments
      .slice(0, -1)
      .filter((segment) => segment.nextOffset <= this.#options.offsets.flushed);
    const first = sealed[0];
    if (first === undefined) return [];
    const from = Math.max(offset, first.baseOffset);
    const index = sealed.findIndex((segment) => segment.baseOffset === from);
    return index < 0 ? [] : sealed.slice(index).map((segment) => segment.baseOffset);
  }

  /** A sealed segment's description and index files, or undefined when it is gone (retention). */
  sealedSegment(baseOffset: number): SealedSegment | undefined {
    const segment = this.#options.local.segments
      .slice(0, -1)
      .find((candidate) => candidate.baseOffset === baseOffset);
    if (segment === undefined) return undefined;
    const entries = this.#options.epochCache.entries();
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

  /**
   * Installs a completely copied segment at the log end, which must be an empty active segment
   * with the same base offset (OFFSET_OUT_OF_RANGE otherwise, nothing changed). The caller runs it
   * in the append queue. Crash-safe: the staged files are already fsynced; the index files are
   * renamed into place first, then the `.log` file over the empty one (the commit point: before
   * it recovery finds the empty segment and rebuilds its indexes, after it the copied segment),
   * then the directory is fsynced and a new empty active segment starts at the copied segment's
   * end. The segment's leader epochs join the epoch cache. A failed file operation takes the log
   * offline (STORAGE_ERROR).
   */
  async install(staged: StagedSegment): Promise<void> {
    const { fileSystem, directory, local, offsets, epochCache } = this.#options;
    const active = local.active;
    const { header } = staged;
    if (!active.isEmpty || active.baseOffset !== header.baseOffset || offsets.logEnd !== header.baseOffset) {
      throw new RillError(
        "OFFSET_OUT_OF_RANGE",
        `cannot install segment ${header.baseOffset}: ${directory} ends at ${offsets.logEnd}`,
      );
    }
    try {
      await active.close();
      await fileSystem.rename(staged.stagedPath("offsetIndex"), staged.finalPath("offsetIndex"));
      await fileSystem.rename(staged.stagedPath("timeIndex"), staged.finalPath("timeIndex"));
      await fileSystem.rename(staged.stagedPath("log"), staged.finalPath("log"));
      await fileSystem.syncDirectory(directory);
      const segment: LogSegment = await local.loadSegment(header.baseOffset, {
        recover: false,
        nextSegmentBaseOffset: header.nextOffset,
      });
      segment.rolled = true;
      local.replaceActive(segment);
      // The bytes say where the segment ends (they were checked chunk by chunk on the way).
      const end = segment.nextOffset;
      local.add(await local.createSegment(end));
      await fileSystem.syncDirectory(directory);
      await fileSystem.unlink(staged.progressPath());
      offsets.logEnd = end;
      offsets.nextAssigned = end;
      for (const entry of header.epochs) {
        if (entry.epoch > (epochCache.latest()?.epoch ?? -1) && entry.startOffset < end) {
          epochCache.assign(entry.epoch, entry.startOffset);
        }
      }
    } catch (error) {
      const offline = storageError(
        `installing copied segment ${header.baseOffset} in ${directory} failed`,
        error,
      );
      this.#options.goOffline(offline);
      throw offline;
    }
    this.#options.durability.advance(offsets.logEnd);
    await this.#options.checkpoints.writeEpochCheckpoint();
    await this.#options.checkpoints.writeStateCheckpoint();
  }
}
