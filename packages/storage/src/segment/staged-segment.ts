import { join } from "node:path";
import { RillError } from "@rill/protocol";
import { writeFileAtomically } from "../fs/atomic-file.js";
import type { StorageFile, StorageFileSystem } from "../fs/file-system.js";
import {
  LOG_FILE_SUFFIX,
  OFFSET_INDEX_FILE_SUFFIX,
  segmentFilePath,
  segmentFileStem,
  TIME_INDEX_FILE_SUFFIX,
} from "./segment-files.js";

/** Appended to a segment file's name while it is being copied in (never loaded as a segment). */
export const STAGED_FILE_SUFFIX = ".copying";
/** The staged segment's description and how much of its log file is durable. */
export const STAGED_PROGRESS_SUFFIX = ".copy-progress";

export type StagedFileKind = "log" | "offsetIndex" | "timeIndex";

const SUFFIXES: Readonly<Record<StagedFileKind, string>> = {
  log: LOG_FILE_SUFFIX,
  offsetIndex: OFFSET_INDEX_FILE_SUFFIX,
  timeIndex: TIME_INDEX_FILE_SUFFIX,
};

/** What the leader said about the segment being copied. */
export interface StagedSegmentHeader {
  readonly baseOffset: number;
  /** The offset after the segment's last record. */
  readonly nextOffset: number;
  readonly logBytes: number;
  readonly offsetIndexBytes: number;
  readonly timeIndexBytes: number;
  /** Leader epochs with records in the segment, oldest first. */
  readonly epochs: readonly { readonly epoch: number; readonly startOffset: number }[];
}

interface Progress {
  readonly header: StagedSegmentHeader;
  /** Bytes of the log file fsynced: a resumed copy asks for the rest from here. */
  readonly durableLogBytes: number;
}

/** A staged segment larger than this is refused (segments are at most 2 GiB, indexes far less). */
const STAGED_FILE_BYTES_MAX = 0x7fffffff;

/**
 * A sealed segment being copied in from the partition leader (bulk copy), file by file, next to
 * the log's segments under names no recovery loads (`<base>.log.copying`, ...). `checkpoint`
 * fsyncs the log file and records how much of it is durable (in `<base>.copy-progress`, written
 * atomically), so that after a broken stream or a crash the copy resumes from there. Index files
 * are small and always copied whole after the log file. Once every byte is in, `seal` fsyncs
 * everything and the PartitionLog installs the files (see PartitionLog.installStagedSegment).
 */
export class StagedSegment {
  readonly directory: string;
  readonly header: StagedSegmentHeader;
  readonly #fileSystem: StorageFileSystem;
  readonly #files = new Map<StagedFileKind, StorageFile>();
  readonly #written: Record<StagedFileKind, number>;
  #durableLogBytes: number;

  private constructor(
    fileSystem: StorageFileSystem,
    directory: string,
    header: StagedSegmentHeader,
    durableLogBytes: number,
  ) {
    this.#fileSystem = fileSystem;
    this.directory = directory;
    this.header = header;
    this.#durableLogBytes = durableLogBytes;
    this.#written = { log: durableLogBytes, offsetIndex: 0, timeIndex: 0 };
  }

  /** The staged copy in `directory` and its durable progress, or undefined when there is none. */
  static async find(fileSystem: StorageFileSystem, directory: string): Promise<StagedSegment | undefined> {
    const names = await fileSystem.readdir(directory);
    const progressName = names.find((name) => name.endsWith(STAGED_PROGRESS_SUFFIX));
    if (progressName === undefined) return undefined;
    const bytes = await fileSystem.readFile(join(directory, progressName));
    let progress: Progress;
    try {
      progress = JSON.parse(bytes?.toString("utf8") ?? "") as Progress;
    } catch {
      return undefined;
    }
    if (!isHeader(progress.header) || !Number.isSafeInteger(progress.durableLogBytes)) return undefined;
    const staged = new StagedSegment(fileSystem, directory, progress.header, progress.durableLogBytes);
    // Bytes past the durable point may be torn: they are written again.
    const log = await staged.#file("log");
    await log.truncate(progress.durableLogBytes);
    return staged;
  }

  /** Starts a new staged copy (replacing any other in `directory`). */
  static async create(
    fileSystem: StorageFileSystem,
    directory: string,
    header: StagedSegmentHeader,
  ): Promise<StagedSegment> {
    if (!isHeader(header)) {
      throw new RillError("CORRUPT_MESSAGE", `segment header ${JSON.stringify(header)} is not valid`);
    }
    await StagedSegment.discardAll(fileSystem, directory);
    const staged = new StagedSegment(fileSystem, directory, header, 0);
    for (const kind of Object.keys(SUFFIXES) as StagedFileKind[])
      await (await staged.#file(kind)).truncate(0);
    await staged.#writeProgress();
    return staged;
  }

  /** Removes every staged file in `directory` (an abandoned or stale copy). */
  static async discardAll(fileSystem: StorageFileSystem, directory: string): Promise<void> {
    for (const name of await fileSystem.readdir(directory)) {
      if (name.endsWith(STAGED_FILE_SUFFIX) || name.endsWith(STAGED_PROGRESS_SUFFIX)) {
        await fileSystem.unlink(join(directory, name));
      }
    }
    await fileSystem.syncDirectory(directory);
  }

  get durableLogBytes(): number {
    return this.#durableLogBytes;
  }

  /** Bytes of all three files received so far (durable or not). */
  get stagedBytes(): number {
    return this.#written.log + this.#written.offsetIndex + this.#written.timeIndex;
  }

  /** Bytes `kind` still needs. */
  remaining(kind: StagedFileKind): number {
    return this.#expected(kind) - this.#written[kind];
  }

  get isComplete(): boolean {
    return (Object.keys(SUFFIXES) as StagedFileKind[]).every((kind) => this.remaining(kind) === 0);
  }

  /**
   * Writes a chunk of `kind` at `position`, which must be where that file's bytes end (chunks
   * come in order); a chunk past the file's announced size is refused.
   */
  async write(kind: StagedFileKind, position: number, data: Uint8Array): Promise<void> {
    if (position !== this.#written[kind]) {
      throw new RillError(
        "CORRUPT_MESSAGE",
        `chunk of ${kind} at ${position}, expected ${this.#written[kind]} (segment ${this.header.baseOffset})`,
      );
    }
    if (data.length > this.remaining(kind)) {
      throw new RillError(
        "CORRUPT_MESSAGE",
        `chunk of ${kind} runs past its size ${this.#expected(kind)} (segment ${this.header.baseOffset})`,
      );
    }
    await (await this.#file(kind)).write([data], position);
    this.#written[kind] += data.length;
  }

  /** Makes the log bytes received so far durable and records them as the resume point. */
  async checkpoint(): Promise<void> {
    const log = await this.#file("log");
    await log.datasync();
    this.#durableLogBytes = this.#written.log;
    await this.#writeProgress();
  }

  /** Every file complete and fsynced, and closed: ready to be installed. */
  async seal(): Promise<void> {
    if (!this.isComplete) throw new Error(`assertion: sealing incomplete segment ${this.header.baseOffset}`);
    for (const kind of Object.keys(SUFFIXES) as StagedFileKind[]) {
      const file = await this.#file(kind);
      await file.datasync();
      await file.close();
      this.#files.delete(kind);
    }
  }

  /** Closes the open files (the staged bytes stay for a later resume). */
  async close(): Promise<void> {
    for (const file of this.#files.values()) await file.close().catch(() => undefined);
    this.#files.clear();
  }

  /** Where `kind` is staged. */
  stagedPath(kind: StagedFileKind): string {
    return `${segmentFilePath(this.directory, this.header.baseOffset, SUFFIXES[kind])}${STAGED_FILE_SUFFIX}`;
  }

  /** Where `kind` goes when installed. */
  finalPath(kind: StagedFileKind): string {
    return segmentFilePath(this.directory, this.header.baseOffset, SUFFIXES[kind]);
  }

  progressPath(): string {
    return join(this.directory, `${segmentFileStem(this.header.baseOffset)}${STAGED_PROGRESS_SUFFIX}`);
  }

  #expected(kind: StagedFileKind): number {
    switch (kind) {
      case "log":
        return this.header.logBytes;
      case "offsetIndex":
        return this.header.offsetIndexBytes;
      case "timeIndex":
        return this.header.timeIndexBytes;
    }
  }

  async #file(kind: StagedFileKind): Promise<StorageFile> {
    let file = this.#files.get(kind);
    if (file === undefined) {
      file = await this.#fileSystem.open(this.stagedPath(kind), { create: true });
      this.#files.set(kind, file);
    }
    return file;
  }

  async #writeProgress(): Promise<void> {
    const progress: Progress = { header: this.header, durableLogBytes: this.#durableLogBytes };
    await writeFileAtomically(this.#fileSystem, this.progressPath(), Buffer.from(JSON.stringify(progress)));
  }
}

function isHeader(value: unknown): value is StagedSegmentHeader {
  const header = value as StagedSegmentHeader;
  const size = (bytes: unknown) =>
    Number.isSafeInteger(bytes) && (bytes as number) >= 0 && (bytes as number) <= STAGED_FILE_BYTES_MAX;
  return (
    typeof value === "object" &&
    value !== null &&
    Number.isSafeInteger(header.baseOffset) &&
    header.baseOffset >= 0 &&
    Number.isSafeInteger(header.nextOffset) &&
    header.nextOffset > header.baseOffset &&
    size(header.logBytes) &&
    header.logBytes > 0 &&
    size(header.offsetIndexBytes) &&
    size(header.timeIndexBytes) &&
    Array.isArray(header.epochs) &&
    header.epochs.every(
      (entry) => Number.isSafeInteger(entry.epoch) && Number.isSafeInteger(entry.startOffset),
    )
  );
}
