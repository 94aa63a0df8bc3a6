/**
 * The interface the metadata layer uses to run on Raft (Kafka's RaftClient in spirit): propose
 * records and learn where they were committed, follow everything committed through a listener,
 * and snapshot the state machine.
 *
 * Two implementations: `RaftNode` (src/driver: one real member with durable storage and a gRPC
 * transport) and `InMemoryRaftCluster` (src/client/in-memory.ts: N members in one process, for
 * the metadata layer's unit tests).
 */
import type { Entry, NodeId, Snapshot, SnapshotMetadata } from "../core/types.js";

/** Where a batch of proposed records was committed: the index and term of its last record. */
export interface CommitPosition {
  readonly index: number;
  readonly term: number;
}

/** The leader as a member knows it; `leaderId` 0 when none is known in `term`. */
export interface LeaderAndTerm {
  readonly leaderId: NodeId;
  readonly term: number;
}

/**
 * Follows the replicated state machine. Calls are made in log order, never concurrently, and
 * never re-entrantly from inside a RaftClient method.
 */
export interface RaftListener {
  /**
   * Committed entries in index order, each exactly once per process lifetime, after every earlier
   * committed entry and after `onSnapshotLoad` of any snapshot they follow: application records
   * (type "normal") and the empty entry each new leader commits first in its term (type "noop",
   * empty data: once it is committed, the leader has every earlier committed entry).
   * Membership entries are not passed (they carry a ConfigChange, not records).
   */
  onCommit(entries: readonly Entry[]): void;
  /** The known leader or term changed. */
  onLeaderChange(leader: LeaderAndTerm): void;
  /**
   * Replace the state with this snapshot: at start-up (the latest local snapshot) and when the
   * leader sent one because this member fell behind its log.
   */
  onSnapshotLoad(snapshot: Snapshot): void;
  /**
   * The state machine's serialized state after every entry passed to `onCommit` so far. Exactly
   * one registered listener provides it; snapshots are taken only when one does.
   */
  saveSnapshot?(): Uint8Array;
}

export interface RaftClient {
  /** This member's node id. */
  readonly nodeId: NodeId;
  /**
   * Appends the records (one log entry each) and resolves once they are committed. Rejects with
   * RillError NOT_CONTROLLER (details `{ leaderId, term }`) when this member is not the leader
   * (nothing was appended), and with INDETERMINATE when leadership was lost or the timeout passed
   * after appending (the records may still commit).
   */
  propose(records: readonly Uint8Array[]): Promise<CommitPosition>;
  /** Adds a listener; returns the function that removes it. */
  register(listener: RaftListener): () => void;
  /**
   * A linearizable read barrier: resolves with a commit index once this member has applied it,
   * so a read of the local state machine afterwards sees every write committed before the call.
   */
  readIndex(): Promise<number>;
  leaderAndTerm(): LeaderAndTerm;
  /**
   * Takes a snapshot now from the listener that provides `saveSnapshot` and compacts the log
   * through it (the driver also does this every N applied entries); resolves with what it covers.
   */
  createSnapshot(): Promise<SnapshotMetadata | undefined>;
  /**
   * Stores a snapshot the state machine made itself of its state after applying entry `index`
   * (a committed index it has been given through onCommit) and compacts the log through it.
   * Rejects INVALID_REQUEST for an index not applied yet; resolves with the newer snapshot's
   * metadata when one already covers `index`.
   */
  saveSnapshot(snapshot: { readonly index: number; readonly data: Uint8Array }): Promise<SnapshotMetadata>;
  /** The latest snapshot this member holds (to load a state machine from), if any. */
  latestSnapshot(): Snapshot | undefined;
  /** Stops the member: pending proposals and reads reject (INDETERMINATE / SERVER_NOT_READY). */
  close(): Promise<void>;
}
