/**
 * The entries a log holds after its snapshot, in memory, and the `LogReader` answers that depend
 * only on them: the one bookkeeping behind `MemoryLog` (and so `MemoryRaftStorage`) and
 * `DurableRaftStorage` (which also writes them to its segment files).
 *
 * Contract: entries are kept in index order without a gap, entry i at `baseIndex + 1 + i`; the
 * base is the entry just before the first held one (the snapshot's index and term, 0 and 0 before
 * any snapshot). Entries are immutable, so they are shared, never copied.
 */
import { invariant } from "./assert.js";
import type { Entry } from "./types.js";

export class EntryWindow {
  #baseIndex: number;
  #baseTerm: number;
  #entryList: Entry[];

  constructor(baseIndex = 0, baseTerm = 0, entries: readonly Entry[] = []) {
    const first = entries[0];
    invariant(
      first === undefined || first.index === baseIndex + 1,
      () => `entries start at ${first?.index} after base ${baseIndex}`,
    );
    this.#baseIndex = baseIndex;
    this.#baseTerm = baseTerm;
    this.#entryList = [...entries];
  }

  firstIndex(): number {
    return this.#baseIndex + 1;
  }

  lastIndex(): number {
    return this.#baseIndex + this.#entryList.length;
  }

  /** The term of the base or of a held entry; undefined outside them. */
  term(index: number): number | undefined {
    if (index === this.#baseIndex) return this.#baseTerm;
    if (index < this.#baseIndex || index > this.lastIndex()) return undefined;
    return (this.#entryList[index - this.#baseIndex - 1] as Entry).term;
  }

  /** Entries [low, high), stopping before `maxBytes` of data is passed (but at least one). */
  entries(low: number, high: number, maxBytes: number): Entry[] {
    invariant(
      low >= this.firstIndex() && high <= this.lastIndex() + 1 && low <= high,
      () => `entries [${low}, ${high}) outside the log [${this.firstIndex()}, ${this.lastIndex() + 1})`,
    );
    const result: Entry[] = [];
    let bytes = 0;
    for (let index = low; index < high; index++) {
      const entry = this.#entryList[index - this.#baseIndex - 1] as Entry;
      bytes += entry.data.length;
      if (result.length > 0 && bytes > maxBytes) break;
      result.push(entry);
    }
    return result;
  }

  /** Appends, replacing the held entries at and after the first new index. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    invariant(first.index > this.#baseIndex, () => `append at ${first.index} below base ${this.#baseIndex}`);
    invariant(
      first.index <= this.lastIndex() + 1,
      () => `append at ${first.index} leaves a gap after ${this.lastIndex()}`,
    );
    this.#entryList.length = first.index - this.#baseIndex - 1;
    for (const entry of entries) this.#entryList.push(entry);
  }

  /** Drops the entries through `index` (a held one, or the base): it becomes the new base. */
  compactThrough(index: number): void {
    if (index <= this.#baseIndex) return;
    const term = this.term(index);
    invariant(term !== undefined, () => `compact through ${index} past the last entry ${this.lastIndex()}`);
    this.#entryList = this.#entryList.slice(index - this.#baseIndex);
    this.#baseIndex = index;
    this.#baseTerm = term;
  }

  /** Drops every entry: the log restarts after `index` (a snapshot received from the leader). */
  restartAfter(index: number, term: number): void {
    this.#entryList = [];
    this.#baseIndex = index;
    this.#baseTerm = term;
  }

  /** Makes this hold what `other` holds (entries are shared: they are immutable). */
  copyFrom(other: EntryWindow): void {
    this.#entryList = [...other.#entryList];
    this.#baseIndex = other.#baseIndex;
    this.#baseTerm = other.#baseTerm;
  }
}
