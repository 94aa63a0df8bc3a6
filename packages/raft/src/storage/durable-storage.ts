/**
 * The durable Raft storage: the core's `LogReader` over entries kept in memory (everything after
 * the latest snapshot, bounded by how often the driver snapshots), backed by files that make every
 * acknowledged write survive a crash:
 *
 *   <dir>/meta                 node id and bootstrap membership, written once by `format`
 *   <dir>/hard-state           term, vote, commit; replaced atomically (temp, fsync, rename, fsync dir)
 *   <dir>/commit               the commit index, two checksummed slots overwritten in turn
 *   <dir>/log/<index>.log      checksummed entry records in segments (see segment-log.ts)
 *   <dir>/snapshots/<index>-<term>.snap   checksummed snapshots; only the newest is kept
 *
 * `persist` applies one `Ready`'s writes with one log fsync: the entries are durable before the
 * hard state that may depend on them, and both before `persist` resolves, so the caller may then
 * send the messages that acknowledge them.
 *
 * The hard state file is rewritten when the term or the vote changes (a vote is never forgotten).
 * A commit index that moves is fdatasynced to the commit file (commit-file.ts) after the log fsync
 * of the same Ready and before `persist` resolves, so a restarted member never comes back with a
 * lower commit index than it had acknowledged; start-up takes the larger of the two files' values.
 *
 * Start-up refuses (RillError INVALID_DATA_DIR) on: a missing or corrupt meta or hard state; a
 * corrupt snapshot; a corrupt record anywhere but the tail of the last segment; a gap between
 * the snapshot and the log or between segments; a commit index past the end of the log.
 */
import { join } from "node:path";
import { type StorageFileSystem, writeFileAtomically } from "@rill/storage";
import { EntryWindow } from "../core/entry-window.js";
import {
  type Entry,
  type HardState,
  type MembershipConfig,
  RAFT_NO_NODE,
  type Snapshot,
} from "../core/types.js";
import { corruptDataDir } from "./bytes.js";
import { CommitFile } from "./commit-file.js";
import { assertAppendAfterCommit, assertHardState } from "./persist-rules.js";
import type { PersistRequest, RaftStorage } from "./raft-storage.js";
import { SegmentLog } from "./segment-log.js";
import {
  decodeHardState,
  decodeMeta,
  decodeSnapshot,
  encodeHardState,
  encodeMeta,
  encodeSnapshot,
  type StorageMeta,
} from "./state-files.js";

export interface DurableStorageOptions {
  readonly dir: string;
  /**
   * Every file operation goes through it: `NodeFileSystem` in production, a `MemoryFileSystem`
   * (whose crash drops unsynced writes) or a fault-injecting one in tests and the simulation.
   */
  readonly fileSystem: StorageFileSystem;
  /** A segment is rolled once it reaches this size. */
  readonly segmentBytesMax?: number;
  /** Largest entry data accepted; a larger length on disk is corruption. */
  readonly entryBytesMax?: number;
}

export interface RecoveryReport {
  readonly tornBytesTruncated: number;
  readonly tornReason?: string;
}

const SEGMENT_BYTES_MAX_DEFAULT = 64 * 1024 * 1024;
const ENTRY_BYTES_MAX_DEFAULT = 16 * 1024 * 1024;
const SNAPSHOT_NAME = /^(\d{20})-(\d{20})\.snap$/;

export class DurableRaftStorage implements RaftStorage {
  /** Entries firstIndex..lastIndex, after the latest snapshot. */
  readonly #window: EntryWindow;
  #latestSnapshot: Snapshot | undefined;
  #hardState: HardState;
  /** Set by `open` right after construction: the commit index written with every Ready. */
  #commitFile: CommitFile | undefined;
  /** The hard state as it is on disk. */
  #durableHardState: HardState;
  #closed = false;

  readonly #dir: string;
  readonly #fileSystem: StorageFileSystem;
  readonly #log: SegmentLog;
  private constructor(
    dir: string,
    fileSystem: StorageFileSystem,
    readonly meta: StorageMeta,
    log: SegmentLog,
    entries: Entry[],
    snapshot: Snapshot | undefined,
    hardState: HardState,
    readonly recovery: RecoveryReport,
  ) {
    this.#dir = dir;
    this.#fileSystem = fileSystem;
    this.#log = log;
    this.#window = new EntryWindow(snapshot?.metadata.index ?? 0, snapshot?.metadata.term ?? 0, entries);
    this.#latestSnapshot = snapshot;
    this.#hardState = hardState;
    this.#durableHardState = hardState;
  }

  /**
   * Creates the files of a new member in an empty (or absent) `dir`. Refuses a dir that is
   * already formatted: reformatting would forget votes and entries.
   */
  static async format(fileSystem: StorageFileSystem, dir: string, meta: StorageMeta): Promise<void> {
    await fileSystem.mkdir(dir);
    const existing = await fileSystem.readdir(dir);
    if (existing.length > 0)
      throw corruptDataDir(`${dir} is not empty; refusing to format over existing state`);
    await fileSystem.mkdir(join(dir, "log"));
    await fileSystem.mkdir(join(dir, "snapshots"));
    await fileSystem.syncDirectory(dir);
    await writeFileAtomically(
      fileSystem,
      join(dir, "hard-state"),
      encodeHardState({ term: 0, vote: RAFT_NO_NODE, commit: 0 }),
    );
    // meta last: its presence marks a complete format.
    await writeFileAtomically(fileSystem, join(dir, "meta"), encodeMeta(meta));
  }

  /** True when `dir` holds a formatted member (its meta file exists). */
  static isFormatted(fileSystem: StorageFileSystem, dir: string): Promise<boolean> {
    return fileSystem.exists(join(dir, "meta"));
  }

  static async open(options: DurableStorageOptions): Promise<DurableRaftStorage> {
    const { dir, fileSystem } = options;
    const meta = decodeMeta(
      await readRequired(fileSystem, join(dir, "meta"), "meta (is the data dir formatted?)"),
    );
    const storedHardState = decodeHardState(
      await readRequired(fileSystem, join(dir, "hard-state"), "hard-state"),
    );
    await fileSystem.unlink(join(dir, "hard-state.tmp"));
    const commitFile = await CommitFile.open(fileSystem, dir);
    const hardState = { ...storedHardState, commit: Math.max(storedHardState.commit, commitFile.commit) };
    const snapshot = await loadNewestSnapshot(fileSystem, join(dir, "snapshots"));
    const snapshotIndex = snapshot?.metadata.index ?? 0;
    const { log, loaded } = await SegmentLog.open(
      {
        fileSystem,
        dir: join(dir, "log"),
        segmentBytesMax: options.segmentBytesMax ?? SEGMENT_BYTES_MAX_DEFAULT,
        entryBytesMax: options.entryBytesMax ?? ENTRY_BYTES_MAX_DEFAULT,
      },
      (firstCutIndex) => firstCutIndex > Math.max(hardState.commit, snapshotIndex),
    );
    let entries = loaded.entries;
    if (snapshot !== undefined) {
      const atSnapshot = entries.find((entry) => entry.index === snapshotIndex);
      const logEnd = entries.at(-1)?.index ?? 0;
      if (
        (atSnapshot !== undefined && atSnapshot.term !== snapshot.metadata.term) ||
        logEnd < snapshotIndex
      ) {
        // The snapshot covers the whole log, or a crash interrupted a received snapshot replacing
        // a divergent log: the log is stale (and appends continue after the snapshot).
        await log.deleteAll();
        entries = [];
      } else {
        entries = entries.filter((entry) => entry.index > snapshotIndex);
      }
    }
    const firstIndex = snapshotIndex + 1;
    if (entries.length > 0 && (entries[0] as Entry).index !== firstIndex) {
      throw corruptDataDir(
        `the log starts at ${(entries[0] as Entry).index} but the snapshot ends at ${snapshotIndex} (missing entries)`,
      );
    }
    const lastIndex = entries.length > 0 ? (entries.at(-1) as Entry).index : snapshotIndex;
    if (hardState.commit > lastIndex) {
      throw corruptDataDir(
        `commit index ${hardState.commit} is past the last entry ${lastIndex} (lost entries)`,
      );
    }
    const effective = { ...hardState, commit: Math.max(hardState.commit, snapshotIndex) };
    const recovery: RecoveryReport =
      loaded.tornReason === undefined
        ? { tornBytesTruncated: 0 }
        : { tornBytesTruncated: loaded.tornBytesTruncated, tornReason: loaded.tornReason };
    const storage = new DurableRaftStorage(
      dir,
      fileSystem,
      meta,
      log,
      entries,
      snapshot,
      effective,
      recovery,
    );
    storage.#commitFile = commitFile;
    return storage;
  }

  // ---- LogReader ----

  initialState(): { hardState: HardState; config: MembershipConfig } {
    return {
      hardState: this.#hardState,
      config: this.#latestSnapshot?.metadata.config ?? this.meta.bootstrapConfig,
    };
  }

  firstIndex(): number {
    return this.#window.firstIndex();
  }

  lastIndex(): number {
    return this.#window.lastIndex();
  }

  term(index: number): number | undefined {
    return this.#window.term(index);
  }

  entries(low: number, high: number, maxBytes: number): Entry[] {
    return this.#window.entries(low, high, maxBytes);
  }

  snapshot(): Snapshot | undefined {
    return this.#latestSnapshot;
  }

  // ---- writes ----

  /** The hard state as last given to `persist` (what `initialState` would return after a clean close). */
  currentHardState(): HardState {
    return this.#hardState;
  }

  /** Makes one Ready's writes durable (see the class comment for the order). */
  async persist(request: PersistRequest): Promise<void> {
    this.#assertOpen();
    const firstEntry = request.entries?.[0];
    const dropsEntries =
      request.snapshot !== undefined || (firstEntry !== undefined && firstEntry.index <= this.lastIndex());
    if (dropsEntries && request.hardState !== undefined && this.#changesTermOrVote(request.hardState)) {
      // Entries this member acknowledged may go only once the term that replaces them is durable:
      // back in the old term with the entries gone, it could let that term's leader count an
      // acknowledgement it no longer holds. The commit index stays the durable one for now: the
      // entries it would cover are not yet written.
      assertHardState(request.hardState, this.#hardState, Number.POSITIVE_INFINITY);
      await this.#writeHardState({ ...request.hardState, commit: this.#durableHardState.commit });
    }
    if (request.snapshot !== undefined) await this.#installSnapshot(request.snapshot);
    if (request.entries !== undefined && request.entries.length > 0)
      await this.#appendEntries(request.entries);
    await this.#log.sync();
    if (request.hardState !== undefined) {
      assertHardState(request.hardState, this.#hardState, this.lastIndex());
      this.#hardState = request.hardState;
      if (this.#changesTermOrVote(request.hardState)) await this.#writeHardState(request.hardState);
      // After the log fsync above, so every entry the commit index covers is already durable.
      await this.#commitFile?.write(request.hardState.commit);
    }
  }

  #changesTermOrVote(state: HardState): boolean {
    return state.term !== this.#durableHardState.term || state.vote !== this.#durableHardState.vote;
  }

  async #appendEntries(entries: readonly Entry[]): Promise<void> {
    const first = entries[0] as Entry;
    assertAppendAfterCommit(first.index, this.#hardState.commit);
    if (first.index > this.lastIndex() + 1) {
      throw new Error(`raft storage: append at ${first.index} leaves a gap after ${this.lastIndex()}`);
    }
    if (first.index <= this.lastIndex()) await this.#log.truncateFrom(first.index);
    await this.#log.append(entries);
    this.#window.append(entries);
  }

  /** A snapshot from the leader replaces the log: written durably first, then the log removed. */
  async #installSnapshot(snapshot: Snapshot): Promise<void> {
    await this.#writeSnapshotFile(snapshot);
    await this.#log.deleteAll();
    this.#window.restartAfter(snapshot.metadata.index, snapshot.metadata.term);
    this.#latestSnapshot = snapshot;
    if (this.#hardState.commit < snapshot.metadata.index) {
      this.#hardState = { ...this.#hardState, commit: snapshot.metadata.index };
    }
  }

  /**
   * Saves a snapshot the local state machine made at an applied (so committed) index, then
   * compacts the log through it: `firstIndex` becomes the snapshot index + 1, and segments whose
   * entries are all covered are deleted. A follower further behind is sent the snapshot.
   */
  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.#assertOpen();
    const { index, term } = snapshot.metadata;
    if (index <= (this.#latestSnapshot?.metadata.index ?? 0)) return;
    if (index > this.#hardState.commit)
      throw new Error(`raft storage: snapshot at ${index} past commit ${this.#hardState.commit}`);
    if (this.term(index) !== term)
      throw new Error(`raft storage: snapshot term ${term} does not match entry ${index}`);
    await this.#writeSnapshotFile(snapshot);
    this.#window.compactThrough(index);
    this.#latestSnapshot = snapshot;
    await this.#log.deleteSegmentsThrough(index);
    await this.#log.sync();
  }

  async #writeSnapshotFile(snapshot: Snapshot): Promise<void> {
    const snapshotsDir = join(this.#dir, "snapshots");
    const name = `${String(snapshot.metadata.index).padStart(20, "0")}-${String(snapshot.metadata.term).padStart(20, "0")}.snap`;
    await writeFileAtomically(this.#fileSystem, join(snapshotsDir, name), encodeSnapshot(snapshot));
    for (const other of await this.#fileSystem.readdir(snapshotsDir)) {
      if (other !== name) await this.#fileSystem.unlink(join(snapshotsDir, other));
    }
    await this.#fileSystem.syncDirectory(snapshotsDir);
  }

  async #writeHardState(state: HardState): Promise<void> {
    await writeFileAtomically(this.#fileSystem, join(this.#dir, "hard-state"), encodeHardState(state));
    this.#durableHardState = state;
  }

  /** Writes the latest commit index and closes the files. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#log.close();
    if (this.#hardState !== this.#durableHardState) await this.#writeHardState(this.#hardState);
    await this.#commitFile?.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("raft storage: used after close");
  }
}

async function readRequired(fileSystem: StorageFileSystem, path: string, what: string): Promise<Uint8Array> {
  const contents = await fileSystem.readFile(path);
  if (contents === undefined) throw corruptDataDir(`${what} is missing at ${path}`);
  return new Uint8Array(contents);
}

async function loadNewestSnapshot(fileSystem: StorageFileSystem, dir: string): Promise<Snapshot | undefined> {
  if (!(await fileSystem.exists(dir))) throw corruptDataDir(`the snapshots directory is missing at ${dir}`);
  const names = await fileSystem.readdir(dir);
  for (const name of names) if (name.endsWith(".tmp")) await fileSystem.unlink(join(dir, name));
  const snapshots = names.filter((name) => SNAPSHOT_NAME.test(name)).sort();
  const newest = snapshots.at(-1);
  if (newest === undefined) return undefined;
  const contents = await fileSystem.readFile(join(dir, newest));
  if (contents === undefined) throw corruptDataDir(`snapshot ${newest} vanished while it was read`);
  const snapshot = decodeSnapshot(new Uint8Array(contents), `snapshot ${newest}`);
  const match = SNAPSHOT_NAME.exec(newest) as RegExpExecArray;
  if (snapshot.metadata.index !== Number(match[1]) || snapshot.metadata.term !== Number(match[2])) {
    throw corruptDataDir(`snapshot ${newest}: its contents do not match its name`);
  }
  return snapshot;
}
