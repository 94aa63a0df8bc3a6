// Original file: rill/raft/v1/raft_service.proto

import type { Membership as _rill_raft_v1_Membership, Membership__Output as _rill_raft_v1_Membership__Output } from '../../../rill/raft/v1/Membership.js';
import type { Long } from '@grpc/proto-loader';

/**
 * What a snapshot covers.
 */
export interface SnapshotMetadata {
  /**
   * The last log index the snapshot covers.
   */
  'index'?: (number | string | Long);
  /**
   * The term of that entry.
   */
  'term'?: (number | string | Long);
  /**
   * The membership in force at `index`.
   */
  'membership'?: (_rill_raft_v1_Membership | null);
}

/**
 * What a snapshot covers.
 */
export interface SnapshotMetadata__Output {
  /**
   * The last log index the snapshot covers.
   */
  'index': (number);
  /**
   * The term of that entry.
   */
  'term': (number);
  /**
   * The membership in force at `index`.
   */
  'membership': (_rill_raft_v1_Membership__Output | null);
}
