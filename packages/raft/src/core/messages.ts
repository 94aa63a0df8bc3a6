/**
 * The messages Raft members exchange. Plain data (no classes) so the transport can encode them
 * field by field. Every message carries the sender's term; a message from a higher term makes the
 * receiver step down (except the cases the core documents: pre-votes, and votes ignored under a
 * leader lease).
 */
import type { Entry, NodeId, SnapshotMetadata } from "./types.js";

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  /** The sender's term; for a pre-vote, the term the sender would campaign in. */
  readonly term: number;
}

/** PreVote (thesis §9.6): "would you vote for me in `term`?" Changes no state at the receiver. */
export interface PreVoteMessage extends Envelope {
  readonly type: "pre-vote";
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

export interface PreVoteResponseMessage extends Envelope {
  readonly type: "pre-vote-response";
  readonly reject: boolean;
}

export interface VoteMessage extends Envelope {
  readonly type: "vote";
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  /** True when the campaign follows a TimeoutNow: the receiver ignores its leader lease. */
  readonly transfer: boolean;
}

export interface VoteResponseMessage extends Envelope {
  readonly type: "vote-response";
  readonly reject: boolean;
}

/** AppendEntries. `entries` may be empty (a probe). */
export interface AppendMessage extends Envelope {
  readonly type: "append";
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}

export interface AppendResponseMessage extends Envelope {
  readonly type: "append-response";
  readonly reject: boolean;
  /**
   * On success: the last index now known to match the leader's log. On reject: the
   * `prevLogIndex` that was rejected.
   */
  readonly index: number;
  /**
   * Fast back-off hint on reject: the largest index <= `hintIndex` whose term is <= `hintTerm`
   * lets the leader skip a whole conflicting term per round trip (etcd's findConflictByTerm).
   * `hintIndex` is the follower's guess for the last matching index; `hintTerm` its term there.
   */
  readonly hintIndex: number;
  readonly hintTerm: number;
}

/** Leader liveness, commit propagation and ReadIndex confirmation (`readSeq` > 0). */
export interface HeartbeatMessage extends Envelope {
  readonly type: "heartbeat";
  readonly commit: number;
  /** The leader's read round this heartbeat confirms, or 0. Echoed in the response. */
  readonly readSeq: number;
}

export interface HeartbeatResponseMessage extends Envelope {
  readonly type: "heartbeat-response";
  readonly readSeq: number;
}

/**
 * InstallSnapshot, one chunk. Chunks of one snapshot share `metadata`; `offset` is the byte
 * offset of `data` in the whole snapshot data; `done` marks the last chunk.
 */
export interface SnapshotMessage extends Envelope {
  readonly type: "snapshot";
  readonly metadata: SnapshotMetadata;
  readonly offset: number;
  readonly data: Uint8Array;
  readonly done: boolean;
}

export interface SnapshotResponseMessage extends Envelope {
  readonly type: "snapshot-response";
  /** The snapshot index the response is about. */
  readonly index: number;
  /**
   * Bytes the follower holds of that snapshot: the offset of the next chunk it wants. After the
   * last chunk the follower answers with an append-response instead (its new last index).
   */
  readonly nextOffset: number;
}

/** Leadership transfer: the receiver campaigns at once, ignoring lease and PreVote. */
export interface TimeoutNowMessage extends Envelope {
  readonly type: "timeout-now";
}

/** A follower asks the leader for a read index on behalf of its client. */
export interface ReadIndexMessage extends Envelope {
  readonly type: "read-index";
  readonly context: Uint8Array;
}

/** `index` 0 with `reject` when the receiver could not serve the read (not leader, not ready). */
export interface ReadIndexResponseMessage extends Envelope {
  readonly type: "read-index-response";
  readonly index: number;
  readonly context: Uint8Array;
  readonly reject: boolean;
}

export type Message =
  | PreVoteMessage
  | PreVoteResponseMessage
  | VoteMessage
  | VoteResponseMessage
  | AppendMessage
  | AppendResponseMessage
  | HeartbeatMessage
  | HeartbeatResponseMessage
  | SnapshotMessage
  | SnapshotResponseMessage
  | TimeoutNowMessage
  | ReadIndexMessage
  | ReadIndexResponseMessage;

export type MessageType = Message["type"];
