/**
 * An in-memory log (etcd's MemoryStorage): implements `LogReader` for the core plus the writes a
 * host makes when it persists a Ready. Used by the simulation (as the "durable" disk) and tests.
 */
import { invariant } from "./assert.js";
import type { Entry, HardState, LogReader, MembershipConfig, Snapshot } from "./types.js";

export class MemoryLog implements LogReader {
  #hard: HardState = { term: 0, vote: 0, commit: 0 };
  /** entries[i].index === snapIndex + 1 + i */
  #entriesList: Entry[] = [];
  #snap: Snapshot | undefined;
  #snapIndex = 0;
  #snapTerm = 0;

  readonly #bootstrapConfig: MembershipConfig;
  constructor(bootstrapConfig: MembershipConfig) {
    this.#bootstrapConfig = bootstrapConfig;
  }

  initialState(): { hardState: HardState; config: MembershipConfig } {
    return { hardState: this.#hard, config: this.#snap?.metadata.config ?? this.#bootstrapConfig };
  }

  firstIndex(): number {
    return this.#snapIndex + 1;
  }

  lastIndex(): number {
    return this.#snapIndex + this.#entriesList.length;
  }

  term(index: number): number | undefined {
    if (index === this.#snapIndex) return this.#snapTerm;
    if (index < this.#snapIndex || index > this.lastIndex()) return undefined;
    return (this.#entriesList[index - this.#snapIndex - 1] as Entry).term;
  }

  entries(low: number, high: number, maxBytes: number): Entry[] {
    invariant(
      low > this.#snapIndex && high <= this.lastIndex() + 1,
      () => `entries [${low}, ${high}) out of range`,
    );
    const out: Entry[] = [];
    let bytes = 0;
    for (let i = low; i < high; i++) {
      const e = this.#entriesList[i - this.#snapIndex - 1] as Entry;
      if (out.length > 0 && bytes + e.data.length > maxBytes) break;
      bytes += e.data.length;
      out.push(e);
    }
    return out;
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

  /** Append, replacing any entries at or after the first new index. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    invariant(
      first.index > this.#snapIndex,
      () => `append at ${first.index} below snapshot ${this.#snapIndex}`,
    );
    invariant(
      first.index <= this.lastIndex() + 1,
      () => `append at ${first.index} leaves a gap after ${this.lastIndex()}`,
    );
    this.#entriesList.length = first.index - this.#snapIndex - 1;
    for (const e of entries) this.#entriesList.push(e);
  }

  /** Install a snapshot received from the leader: the log restarts after it. */
  applySnapshot(snapshot: Snapshot): void {
    const { index, term } = snapshot.metadata;
    // The core installs a snapshot only when its log does not hold that entry: drop it all.
    this.#entriesList = [];
    this.#snap = snapshot;
    this.#snapIndex = index;
    this.#snapTerm = term;
    if (this.#hard.commit < index) this.#hard = { ...this.#hard, commit: index };
  }

  /** Record a snapshot the host took of its state machine at `snapshot.metadata.index`. */
  createSnapshot(snapshot: Snapshot): void {
    const { index, term } = snapshot.metadata;
    invariant(index >= this.#snapIndex && index <= this.lastIndex(), "snapshot index out of range");
    invariant(this.term(index) === term, "snapshot term does not match the log");
    this.#snap = snapshot;
  }

  /** Drop entries up to and including `index` (which must be covered by the snapshot). */
  compact(index: number): void {
    if (index <= this.#snapIndex) return;
    invariant(this.#snap !== undefined && index <= this.#snap.metadata.index, "compact beyond the snapshot");
    const term = this.term(index);
    invariant(term !== undefined, "compact out of range");
    this.#entriesList = this.#entriesList.slice(index - this.#snapIndex);
    this.#snapIndex = index;
    this.#snapTerm = term;
  }

  /** A deep-enough copy (entries are immutable) for the simulation's crash model. */
  clone(): MemoryLog {
    const c = new MemoryLog(this.#bootstrapConfig);
    c.#hard = this.#hard;
    c.#entriesList = [...this.#entriesList];
    c.#snap = this.#snap;
    c.#snapIndex = this.#snapIndex;
    c.#snapTerm = this.#snapTerm;
    return c;
  }
}
