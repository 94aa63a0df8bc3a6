/**
 * The data types of the pure Raft core, shared by the core, the durable storage, the driver and
 * the transport. The core imports nothing outside this folder but @rill/protocol/ids (the branded
 * ids, pure); everything here is plain data.
 *
 * Indexes and terms are JS numbers (safe integers). Index 0 / term 0 mean "nothing".
 */

import type { NodeId } from "@rill/protocol/ids";

/**
 * The branded node id of @rill/protocol/ids (declared there, once, for Raft, replication and
 * metadata): ids enter branded where they are decoded (config, wire messages, the persisted vote).
 */
export type { NodeId } from "@rill/protocol/ids";

/**
 * Raft's "no node" (no vote, no known leader, no transfer target): 0, etcd's convention, not
 * Kafka's -1 (`NO_NODE`), because controller ids start at 1 by config, so 0 is never a member.
 * Kept apart from `NO_NODE` on purpose: the persisted vote and the wire encode "none" as 0.
 */
export const RAFT_NO_NODE = 0 as NodeId;

/** Kinds of log entries. */
export type EntryType =
  /** Application data proposed through `propose`. */
  | "normal"
  /** A membership change (`data` encodes a `ConfigChange`). */
  | "config"
  /** The empty entry a new leader appends to commit entries of earlier terms. */
  | "noop";

export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/** What must be durable before the node acknowledges a vote or an append. */
export interface HardState {
  readonly term: number;
  /** The node voted for in `term`, or `RAFT_NO_NODE` for none. */
  readonly vote: NodeId;
  readonly commit: number;
}

/** Where a member is reached: its RaftService listener, "host:port" (opaque to the core). */
export interface MemberEndpoint {
  readonly nodeId: NodeId;
  readonly address: string;
}

/** The membership of the cluster. Learners receive the log but do not vote or count for commit. */
export interface MembershipConfig {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
  /**
   * Members' addresses, replicated with the membership as KIP-853's VotersRecord carries
   * endpoints: set by config entries (and a bootstrap config), sorted by node id, at most one per
   * member and only for members. Absent when no member has one; a member without an endpoint is
   * reached at the address its host configures (logs written before endpoints existed).
   */
  readonly endpoints?: readonly MemberEndpoint[];
}

/**
 * One-server-at-a-time membership changes. `address`, when given, becomes the member's endpoint
 * on every member that appends the entry; without it a member keeps the endpoint it had.
 */
export type ConfigChange =
  | { readonly type: "add-learner"; readonly nodeId: NodeId; readonly address?: string }
  | { readonly type: "promote-learner"; readonly nodeId: NodeId; readonly address?: string }
  | { readonly type: "remove-node"; readonly nodeId: NodeId };

export interface SnapshotMetadata {
  /** The last index the snapshot covers, and its term. */
  readonly index: number;
  readonly term: number;
  /** The membership in force at `index`. */
  readonly config: MembershipConfig;
}

export interface Snapshot {
  readonly metadata: SnapshotMetadata;
  /** The state machine's serialized state at `metadata.index`. */
  readonly data: Uint8Array;
}

/**
 * The log as the core reads it (etcd's Storage in spirit). Read-only for the core: the
 * application (driver or simulation) makes the writes the core asks for through `Ready`, and only
 * then calls `advance`.
 */
export interface LogReader {
  /** The hard state and membership at start-up. */
  initialState(): { hardState: HardState; config: MembershipConfig };
  /** Index of the first entry still in the log (snapshot index + 1 when compacted). */
  firstIndex(): number;
  /** Index of the last entry (the snapshot index when the log is empty after it). */
  lastIndex(): number;
  /**
   * Term of entry `index`; valid for `firstIndex() - 1 <= index <= lastIndex()` (the entry just
   * before the log is the snapshot's). Returns undefined outside that range.
   */
  term(index: number): number | undefined;
  /** Entries [low, high), at most `maxBytes` of data, but always at least one when low < high. */
  entries(low: number, high: number, maxBytes: number): Entry[];
  /** The latest snapshot, or undefined. */
  snapshot(): Snapshot | undefined;
}

export type Role = "follower" | "pre-candidate" | "candidate" | "leader" | "learner";

/** Volatile state a driver may show (not persisted). */
export interface SoftState {
  readonly leaderId: NodeId;
  readonly role: Role;
}

/** A linearizable read: once `index` is applied locally, a read answers with fresh state. */
export interface ReadState {
  readonly index: number;
  /** The caller's context passed to `readIndex`, returned as given. */
  readonly context: Uint8Array;
}
