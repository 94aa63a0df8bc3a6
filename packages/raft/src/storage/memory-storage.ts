/**
 * RaftStorage in memory: the same contract and assertions as DurableRaftStorage, nothing on disk.
 * For tests and the in-memory cluster; "durable" here means "survives while this object lives",
 * so a test can restart a member by building a new driver over the same MemoryRaftStorage.
 */
import type { Entry, HardState, MembershipConfig, Snapshot } from "../core/types.js";
import type { PersistRequest, RaftStorage } from "./raft-storage.js";

export class MemoryRaftStorage implements RaftStorage {
  #entryList: Entry[] = [];
  #latestSnapshot: Snapshot | undefined;
  #hardState: HardState = { term: 0, vote: 0, commit: 0 };

  readonly #bootstrapConfig: MembershipConfig;
  constructor(bootstrapConfig: MembershipConfig) {
    this.#bootstrapConfig = bootstrapConfig;
  }

  initialState(): { hardState: HardState; config: MembershipConfig } {
    return {
      hardState: this.#hardState,
      config: this.#latestSnapshot?.metadata.config ?? this.#bootstrapConfig,
    };
  }

  firstIndex(): number {
    return (this.#latestSnapshot?.metadata.index ?? 0) + 1;
  }

  lastIndex(): number {
    return this.#entryList.at(-1)?.index ?? this.firstIndex() - 1;
  }

  term(index: number): number | undefined {
    const first = this.firstIndex();
    if (index === first - 1) return this.#latestSnapshot?.metadata.term ?? 0;
    if (index < first || index > this.lastIndex()) return undefined;
    return (this.#entryList[index - first] as Entry).term;
  }

  entries(low: number, high: number, maxBytes: number): Entry[] {
    const first = this.firstIndex();
    if (!(low >= first && high <= this.lastIndex() + 1 && low <= high)) {
      throw new RangeError(`entries [${low}, ${high}) outside the log [${first}, ${this.lastIndex() + 1})`);
    }
    const result: Entry[] = [];
    let bytes = 0;
    for (let index = low; index < high; index++) {
      const entry = this.#entryList[index - first] as Entry;
      bytes += entry.data.length;
      if (result.length > 0 && bytes > maxBytes) break;
      result.push(entry);
    }
    return result;
  }

  snapshot(): Snapshot | undefined {
    return this.#latestSnapshot;
  }

  async persist(request: PersistRequest): Promise<void> {
    this.persistNow(request);
  }

  /** `persist` without the promise, for synchronous callers. */
  persistNow(request: PersistRequest): void {
    if (request.snapshot !== undefined) {
      this.#latestSnapshot = request.snapshot;
      this.#entryList = [];
    }
    const entries = request.entries ?? [];
    if (entries.length > 0) {
      const first = (entries[0] as Entry).index;
      if (first <= this.#hardState.commit)
        throw new Error(`raft storage: append at ${first} overwrites committed entries`);
      if (first > this.lastIndex() + 1)
        throw new Error(`raft storage: append at ${first} leaves a gap after ${this.lastIndex()}`);
      this.#entryList.length = first - this.firstIndex();
      this.#entryList.push(...entries);
    }
    if (request.hardState !== undefined) {
      const next = request.hardState;
      if (next.term < this.#hardState.term) throw new Error("raft storage: term went back");
      if (
        next.term === this.#hardState.term &&
        this.#hardState.vote !== 0 &&
        next.vote !== this.#hardState.vote
      ) {
        throw new Error(`raft storage: vote changed within term ${next.term}`);
      }
      this.#hardState = next;
    }
    if (request.snapshot !== undefined && this.#hardState.commit < request.snapshot.metadata.index) {
      this.#hardState = { ...this.#hardState, commit: request.snapshot.metadata.index };
    }
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    const { index, term } = snapshot.metadata;
    if (index <= (this.#latestSnapshot?.metadata.index ?? 0)) return;
    if (index > this.#hardState.commit) throw new Error(`raft storage: snapshot at ${index} past commit`);
    if (this.term(index) !== term)
      throw new Error(`raft storage: snapshot term ${term} does not match entry ${index}`);
    this.#entryList = this.#entryList.filter((entry) => entry.index > index);
    this.#latestSnapshot = snapshot;
  }

  async close(): Promise<void> {}
}
