/**
 * The core's view of the log: the durable part the host persisted (`LogReader`) plus the
 * unstable tail (entries and possibly a snapshot) handed out in a Ready but not yet advanced.
 * Entries at or above `unstableOffset` come from the unstable tail; the durable log may still
 * hold stale entries there until the host persists the replacement.
 */
import { invariant } from "./assert.js";
import type { Entry, LogReader, Snapshot } from "./types.js";

export class RaftLog {
  #unstableEntries: Entry[] = [];
  /** Index of unstableEntries[0]; everything below is durable in `storage`. */
  #unstableOffset: number;
  #unstableSnapshot: Snapshot | undefined;
  /** Highest index known committed. Never decreases. */
  committed: number;
  /** Highest index handed to the host to apply (and advanced). */
  applied: number;

  constructor(readonly storage: LogReader) {
    this.#unstableOffset = storage.lastIndex() + 1;
    this.committed = storage.firstIndex() - 1;
    this.applied = storage.firstIndex() - 1;
  }

  firstIndex(): number {
    if (this.#unstableSnapshot) return this.#unstableSnapshot.metadata.index + 1;
    return this.storage.firstIndex();
  }

  lastIndex(): number {
    const n = this.#unstableEntries.length;
    if (n > 0) return this.#unstableOffset + n - 1;
    if (this.#unstableSnapshot) return this.#unstableSnapshot.metadata.index;
    return this.storage.lastIndex();
  }

  lastTerm(): number {
    const t = this.term(this.lastIndex());
    invariant(t !== undefined, "term of last index unknown");
    return t;
  }

  /** Term at `index`, or undefined when compacted or beyond the end. Term(0) is 0. */
  term(index: number): number | undefined {
    if (index === 0) return 0;
    const snap = this.#unstableSnapshot;
    if (snap) {
      if (index === snap.metadata.index) return snap.metadata.term;
      if (index < snap.metadata.index) return undefined;
    }
    if (index >= this.#unstableOffset) {
      const e = this.#unstableEntries[index - this.#unstableOffset];
      return e?.term;
    }
    if (index > this.storage.lastIndex()) return undefined;
    return this.storage.term(index);
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  /**
   * Entries [low, high) with at most `maxBytes` of data (at least one entry). Returns undefined
   * when `low` was compacted away (the caller sends a snapshot instead).
   */
  entries(low: number, high: number, maxBytes: number): Entry[] | undefined {
    if (low >= high) return [];
    if (low < this.firstIndex()) return undefined;
    invariant(high <= this.lastIndex() + 1, () => `entries(${low}, ${high}) beyond last ${this.lastIndex()}`);
    const out: Entry[] = [];
    let bytes = 0;
    if (low < this.#unstableOffset) {
      const stableHigh = Math.min(high, this.#unstableOffset);
      const stable = this.storage.entries(low, stableHigh, maxBytes);
      invariant(stable.length > 0, () => `storage returned no entries for [${low}, ${stableHigh})`);
      for (const e of stable) {
        bytes += e.data.length;
        out.push(e);
      }
      if (out.length < stableHigh - low) return out; // size limit hit
    }
    for (let i = Math.max(low, this.#unstableOffset); i < high; i++) {
      const e = this.#unstableEntries[i - this.#unstableOffset];
      invariant(e !== undefined, "unstable entry missing");
      if (out.length > 0 && bytes + e.data.length > maxBytes) break;
      bytes += e.data.length;
      out.push(e);
    }
    return out;
  }

  /** Append (truncating a conflicting tail). Never truncates committed entries. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    invariant(
      first.index > this.committed,
      () => `append at ${first.index} would overwrite committed ${this.committed}`,
    );
    invariant(
      first.index <= this.lastIndex() + 1,
      () => `append at ${first.index} leaves a gap after ${this.lastIndex()}`,
    );
    const after = first.index;
    const n = this.#unstableEntries.length;
    if (after === this.#unstableOffset + n) {
      this.#unstableEntries.push(...entries);
    } else if (after <= this.#unstableOffset) {
      // Replaces durable entries from `after` on: the host truncates when it persists these.
      this.#unstableOffset = after;
      this.#unstableEntries = [...entries];
    } else {
      this.#unstableEntries = this.#unstableEntries.slice(0, after - this.#unstableOffset).concat(entries);
    }
  }

  /**
   * Follower append (AppendEntries receiver). When the log matched at `prevIndex`, returns the
   * last new index and the index from which entries were written (undefined if none were new);
   * else undefined.
   */
  maybeAppend(
    prevIndex: number,
    prevTerm: number,
    commit: number,
    entries: readonly Entry[],
  ): { lastNew: number; appendedFrom: number | undefined } | undefined {
    if (!this.matchTerm(prevIndex, prevTerm)) return undefined;
    const lastNew = prevIndex + entries.length;
    let conflict = -1;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as Entry;
      invariant(e.index === prevIndex + 1 + i, "append entries not contiguous");
      const t = this.term(e.index);
      // An index below firstIndex is covered by our snapshot, hence committed and matching.
      if (e.index < this.firstIndex()) continue;
      if (t !== e.term) {
        conflict = i;
        break;
      }
    }
    if (conflict >= 0) {
      const e = entries[conflict] as Entry;
      invariant(e.index > this.committed, () => `conflict at ${e.index} <= committed ${this.committed}`);
      this.append(entries.slice(conflict));
    }
    this.commitTo(Math.min(commit, lastNew));
    return { lastNew, appendedFrom: conflict >= 0 ? (entries[conflict] as Entry).index : undefined };
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    invariant(index <= this.lastIndex(), () => `commit ${index} beyond last index ${this.lastIndex()}`);
    this.committed = index;
  }

  /** Highest index durable in the host's log (everything below the unstable tail). */
  persistedIndex(): number {
    if (this.#unstableSnapshot) return this.#unstableSnapshot.metadata.index - 1;
    if (this.#unstableEntries.length > 0) return this.#unstableOffset - 1;
    return this.lastIndex();
  }

  /** Entries committed, durable and not yet applied, up to `maxBytes`. */
  nextCommittedEntries(maxBytes: number): Entry[] {
    if (this.#unstableSnapshot) return [];
    const high = Math.min(this.committed, this.persistedIndex());
    if (this.applied >= high) return [];
    const out = this.entries(this.applied + 1, high + 1, maxBytes);
    invariant(out !== undefined, () => `entries after applied ${this.applied} were compacted`);
    return out;
  }

  hasNextCommittedEntries(): boolean {
    if (this.#unstableSnapshot) return false;
    return this.applied < Math.min(this.committed, this.persistedIndex());
  }

  unstable(): { entries: readonly Entry[]; snapshot: Snapshot | undefined } {
    return { entries: this.#unstableEntries, snapshot: this.#unstableSnapshot };
  }

  hasUnstable(): boolean {
    return this.#unstableEntries.length > 0 || this.#unstableSnapshot !== undefined;
  }

  /** The host persisted entries up to (index, term): drop them from the unstable tail. */
  stableTo(index: number, term: number): void {
    if (index < this.#unstableOffset) return;
    const e = this.#unstableEntries[index - this.#unstableOffset];
    if (e === undefined || e.term !== term) return; // replaced meanwhile: persist again
    this.#unstableEntries = this.#unstableEntries.slice(index + 1 - this.#unstableOffset);
    this.#unstableOffset = index + 1;
  }

  stableSnapTo(index: number): void {
    if (this.#unstableSnapshot?.metadata.index === index) this.#unstableSnapshot = undefined;
  }

  appliedTo(index: number): void {
    if (index <= this.applied) return;
    invariant(index <= this.committed, () => `applied ${index} beyond committed ${this.committed}`);
    this.applied = index;
  }

  /** Replace the whole log by a snapshot received from the leader. */
  restore(snapshot: Snapshot): void {
    const index = snapshot.metadata.index;
    invariant(index > this.committed, "restore of a snapshot not beyond commit");
    this.#unstableSnapshot = snapshot;
    this.#unstableEntries = [];
    this.#unstableOffset = index + 1;
    this.committed = index;
  }

  /** Index of the last entry <= index whose term is <= term (fast back-off), or firstIndex-1. */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    let i = Math.min(index, this.lastIndex());
    for (;;) {
      const t = this.term(i);
      if (t === undefined) return { index: i, term: 0 };
      if (t <= term) return { index: i, term: t };
      i--;
    }
  }
}
