/**
 * An in-memory log (etcd's MemoryStorage): implements `LogReader` for the core plus the writes a
 * host makes when it persists a Ready (appends are `EntryWindow.append`: a conflicting suffix is
 * replaced). Used by the simulation (as the "durable" disk), tests, and under `MemoryRaftStorage`.
 */
import { invariant } from "./assert.js";
import { EntryWindow } from "./entry-window.js";
import {
  type HardState,
  type LogReader,
  type MembershipConfig,
  RAFT_NO_NODE,
  type Snapshot,
} from "./types.js";

export class MemoryLog extends EntryWindow implements LogReader {
  #hard: HardState = { term: 0, vote: RAFT_NO_NODE, commit: 0 };
  #snap: Snapshot | undefined;

  readonly #bootstrapConfig: MembershipConfig;
  constructor(bootstrapConfig: MembershipConfig) {
    super();
    this.#bootstrapConfig = bootstrapConfig;
  }

  initialState(): { hardState: HardState; config: MembershipConfig } {
    return { hardState: this.#hard, config: this.#snap?.metadata.config ?? this.#bootstrapConfig };
  }

  snapshot(): Snapshot | undefined {
    return this.#snap;
  }

  hardState(): HardState {
    return this.#hard;
  }

  setHardState(hs: HardState): void {
    this.#hard = hs;
  }

  /** Install a snapshot received from the leader: the log restarts after it. */
  applySnapshot(snapshot: Snapshot): void {
    const { index, term } = snapshot.metadata;
    // The core installs a snapshot only when its log does not hold that entry: drop it all.
    this.restartAfter(index, term);
    this.#snap = snapshot;
    if (this.#hard.commit < index) this.#hard = { ...this.#hard, commit: index };
  }

  /** Record a snapshot the host took of its state machine at `snapshot.metadata.index`. */
  createSnapshot(snapshot: Snapshot): void {
    const { index, term } = snapshot.metadata;
    invariant(index >= this.firstIndex() - 1 && index <= this.lastIndex(), "snapshot index out of range");
    invariant(this.term(index) === term, "snapshot term does not match the log");
    this.#snap = snapshot;
  }

  /** Drop entries up to and including `index` (which must be covered by the snapshot). */
  compact(index: number): void {
    invariant(
      index < this.firstIndex() || (this.#snap !== undefined && index <= this.#snap.metadata.index),
      "compact beyond the snapshot",
    );
    this.compactThrough(index);
  }

  /** A deep-enough copy (entries are immutable) for the simulation's crash model. */
  clone(): MemoryLog {
    const c = new MemoryLog(this.#bootstrapConfig);
    c.copyFrom(this);
    c.#hard = this.#hard;
    c.#snap = this.#snap;
    return c;
  }
}
