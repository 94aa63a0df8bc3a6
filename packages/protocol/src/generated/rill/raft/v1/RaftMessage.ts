// Original file: rill/raft/v1/raft_service.proto

import type { MessageType as _rill_raft_v1_MessageType, MessageType__Output as _rill_raft_v1_MessageType__Output } from '../../../rill/raft/v1/MessageType.js';
import type { Entry as _rill_raft_v1_Entry, Entry__Output as _rill_raft_v1_Entry__Output } from '../../../rill/raft/v1/Entry.js';
import type { SnapshotMetadata as _rill_raft_v1_SnapshotMetadata, SnapshotMetadata__Output as _rill_raft_v1_SnapshotMetadata__Output } from '../../../rill/raft/v1/SnapshotMetadata.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One Raft message, the wire form of the core's `Message`.
 */
export interface RaftMessage {
  /**
   * What kind of message this is.
   */
  'type'?: (_rill_raft_v1_MessageType);
  /**
   * The sender's node id.
   */
  'from'?: (number | string | Long);
  /**
   * The receiver's node id.
   */
  'to'?: (number | string | Long);
  /**
   * The sender's term (0 for messages that carry none, e.g. a local proposal).
   */
  'term'?: (number | string | Long);
  /**
   * Append: the term of the entry at `index` (prevLogTerm); votes: the candidate's last log term.
   */
  'logTerm'?: (number | string | Long);
  /**
   * Append: the entry before `entries` (prevLogIndex); append responses: the index matched or
   * rejected; votes: the candidate's last log index; read-index responses: the read index;
   * snapshot responses: the snapshot's index.
   */
  'index'?: (number | string | Long);
  /**
   * The entries of an append.
   */
  'entries'?: (_rill_raft_v1_Entry)[];
  /**
   * Appends and heartbeats: the leader's commit index.
   */
  'commit'?: (number | string | Long);
  /**
   * True when the receiver refused (a vote not granted, an append that did not match, a read
   * that could not be served).
   */
  'reject'?: (boolean);
  /**
   * On a rejected append: the follower's guess of the last matching index (fast back-off).
   */
  'rejectHint'?: (number | string | Long);
  /**
   * On a rejected append: the follower's term at `reject_hint` (fast back-off).
   */
  'rejectHintTerm'?: (number | string | Long);
  /**
   * ReadIndex requests and responses: the caller's context, echoed back.
   */
  'context'?: (Buffer | Uint8Array | string);
  /**
   * Snapshot messages: what the snapshot covers.
   */
  'snapshotMetadata'?: (_rill_raft_v1_SnapshotMetadata | null);
  /**
   * Snapshot messages: one chunk of the snapshot's data (empty when it follows in
   * `SnapshotChunk`s, see `snapshot_chunked`).
   */
  'snapshotData'?: (Buffer | Uint8Array | string);
  /**
   * Set by the transport when `snapshot_data` was too large for one message and follows in
   * `SnapshotChunk`s on the same stream.
   */
  'snapshotChunked'?: (boolean);
  /**
   * Snapshot messages: the byte offset of `snapshot_data` in the snapshot; snapshot responses:
   * the offset of the next chunk the follower wants.
   */
  'snapshotOffset'?: (number | string | Long);
  /**
   * Snapshot messages: true on the last chunk.
   */
  'snapshotDone'?: (boolean);
  /**
   * Votes: true when the campaign follows a TimeoutNow (leadership transfer).
   */
  'transfer'?: (boolean);
  /**
   * Heartbeats and their responses: the leader's ReadIndex round being confirmed, or 0.
   */
  'readSeq'?: (number | string | Long);
}

/**
 * One Raft message, the wire form of the core's `Message`.
 */
export interface RaftMessage__Output {
  /**
   * What kind of message this is.
   */
  'type': (_rill_raft_v1_MessageType__Output);
  /**
   * The sender's node id.
   */
  'from': (number);
  /**
   * The receiver's node id.
   */
  'to': (number);
  /**
   * The sender's term (0 for messages that carry none, e.g. a local proposal).
   */
  'term': (number);
  /**
   * Append: the term of the entry at `index` (prevLogTerm); votes: the candidate's last log term.
   */
  'logTerm': (number);
  /**
   * Append: the entry before `entries` (prevLogIndex); append responses: the index matched or
   * rejected; votes: the candidate's last log index; read-index responses: the read index;
   * snapshot responses: the snapshot's index.
   */
  'index': (number);
  /**
   * The entries of an append.
   */
  'entries': (_rill_raft_v1_Entry__Output)[];
  /**
   * Appends and heartbeats: the leader's commit index.
   */
  'commit': (number);
  /**
   * True when the receiver refused (a vote not granted, an append that did not match, a read
   * that could not be served).
   */
  'reject': (boolean);
  /**
   * On a rejected append: the follower's guess of the last matching index (fast back-off).
   */
  'rejectHint': (number);
  /**
   * On a rejected append: the follower's term at `reject_hint` (fast back-off).
   */
  'rejectHintTerm': (number);
  /**
   * ReadIndex requests and responses: the caller's context, echoed back.
   */
  'context': (Buffer);
  /**
   * Snapshot messages: what the snapshot covers.
   */
  'snapshotMetadata': (_rill_raft_v1_SnapshotMetadata__Output | null);
  /**
   * Snapshot messages: one chunk of the snapshot's data (empty when it follows in
   * `SnapshotChunk`s, see `snapshot_chunked`).
   */
  'snapshotData': (Buffer);
  /**
   * Set by the transport when `snapshot_data` was too large for one message and follows in
   * `SnapshotChunk`s on the same stream.
   */
  'snapshotChunked': (boolean);
  /**
   * Snapshot messages: the byte offset of `snapshot_data` in the snapshot; snapshot responses:
   * the offset of the next chunk the follower wants.
   */
  'snapshotOffset': (number);
  /**
   * Snapshot messages: true on the last chunk.
   */
  'snapshotDone': (boolean);
  /**
   * Votes: true when the campaign follows a TimeoutNow (leadership transfer).
   */
  'transfer': (boolean);
  /**
   * Heartbeats and their responses: the leader's ReadIndex round being confirmed, or 0.
   */
  'readSeq': (number);
}
