// Original file: rill/raft/v1/raft_service.proto

import type { RaftMessage as _rill_raft_v1_RaftMessage, RaftMessage__Output as _rill_raft_v1_RaftMessage__Output } from '../../../rill/raft/v1/RaftMessage.js';
import type { SnapshotChunk as _rill_raft_v1_SnapshotChunk, SnapshotChunk__Output as _rill_raft_v1_SnapshotChunk__Output } from '../../../rill/raft/v1/SnapshotChunk.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One batch on a peer's stream.
 */
export interface StreamRequest {
  /**
   * The sending member's node id; the same on every request of a stream.
   */
  'fromNodeId'?: (number | string | Long);
  /**
   * The node id the sender believes this member has; a mismatch ends the stream.
   */
  'toNodeId'?: (number | string | Long);
  /**
   * Raft messages, in the order the sender's core produced them.
   */
  'messages'?: (_rill_raft_v1_RaftMessage)[];
  /**
   * A piece of a snapshot message (set on requests that carry no other messages).
   */
  'snapshotChunk'?: (_rill_raft_v1_SnapshotChunk | null);
}

/**
 * One batch on a peer's stream.
 */
export interface StreamRequest__Output {
  /**
   * The sending member's node id; the same on every request of a stream.
   */
  'fromNodeId': (number);
  /**
   * The node id the sender believes this member has; a mismatch ends the stream.
   */
  'toNodeId': (number);
  /**
   * Raft messages, in the order the sender's core produced them.
   */
  'messages': (_rill_raft_v1_RaftMessage__Output)[];
  /**
   * A piece of a snapshot message (set on requests that carry no other messages).
   */
  'snapshotChunk': (_rill_raft_v1_SnapshotChunk__Output | null);
}
