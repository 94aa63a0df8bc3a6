/**
 * The narrow view of the Raft quorum the metadata layer needs (to be wired to @rill/raft's
 * client by the controller app). Contract:
 * - `propose` appends one entry per element (each an encoded MetadataRecordBatch) if this node
 *   is the Raft leader, and resolves with the index and term of the last one; it rejects with
 *   NOT_CONTROLLER when this node is not the leader. Resolving says nothing about commitment.
 * - The listener gets every committed entry exactly once, in index order, including the entries
 *   a new leader appends for itself (empty data is an empty batch); then `onLeaderChange` when
 *   the leader or term changes (leaderId null: unknown); `onSnapshotLoad` when the state must be
 *   replaced by a snapshot (at start-up, or when this node fell behind the leader's log start).
 * - `saveSnapshot` hands Raft the state at `index` (a committed index) so that the log before
 *   it can be compacted.
 */
export interface CommittedEntry {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
}

export interface MetadataSnapshotData {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
}

export interface LeaderAndTerm {
  readonly leaderId: number | null;
  readonly term: number;
}

export interface MetadataLogListener {
  onCommit(entries: readonly CommittedEntry[]): void;
  onLeaderChange(leader: LeaderAndTerm): void;
  onSnapshotLoad(snapshot: MetadataSnapshotData): void;
}

export interface MetadataLog {
  propose(records: readonly Uint8Array[]): Promise<{ index: number; term: number }>;
  saveSnapshot(snapshot: { index: number; data: Uint8Array }): Promise<void>;
  register(listener: MetadataLogListener): void;
}
