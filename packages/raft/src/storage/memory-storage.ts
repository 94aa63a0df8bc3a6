/**
 * RaftStorage in memory: the same contract and assertions as DurableRaftStorage, nothing on disk.
 * For tests and the in-memory cluster; "durable" here means "survives while this object lives",
 * so a test can restart a member by building a new driver over the same MemoryRaftStorage.
 */
import { MemoryLog } from "../core/memory-log.js";
import type { Snapshot } from "../core/types.js";
import { assertAppendAfterCommit, assertHardState } from "./persist-rules.js";
import type { PersistRequest, RaftStorage } from "./raft-storage.js";

/** The core's `MemoryLog` behind the `RaftStorage` contract (its checks in persist-rules.ts). */
export class MemoryRaftStorage extends MemoryLog implements RaftStorage {
  async persist(request: PersistRequest): Promise<void> {
    this.persistNow(request);
  }

  /** `persist` without the promise, for synchronous callers. */
  persistNow(request: PersistRequest): void {
    if (request.snapshot !== undefined) this.applySnapshot(request.snapshot);
    const first = request.entries?.[0];
    if (first !== undefined) {
      assertAppendAfterCommit(first.index, this.hardState().commit);
      this.append(request.entries ?? []);
    }
    if (request.hardState !== undefined) {
      assertHardState(request.hardState, this.hardState(), this.lastIndex());
      this.setHardState(request.hardState);
    }
    if (request.snapshot !== undefined && this.hardState().commit < request.snapshot.metadata.index) {
      this.setHardState({ ...this.hardState(), commit: request.snapshot.metadata.index });
    }
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    const { index, term } = snapshot.metadata;
    if (index <= (this.snapshot()?.metadata.index ?? 0)) return;
    if (index > this.hardState().commit) throw new Error(`raft storage: snapshot at ${index} past commit`);
    if (this.term(index) !== term)
      throw new Error(`raft storage: snapshot term ${term} does not match entry ${index}`);
    this.createSnapshot(snapshot);
    this.compact(index);
  }

  async close(): Promise<void> {}
}
