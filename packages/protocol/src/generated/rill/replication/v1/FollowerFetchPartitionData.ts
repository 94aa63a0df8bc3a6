// Original file: rill/replication/v1/replication_service.proto

import type { EpochEndOffset as _rill_replication_v1_EpochEndOffset, EpochEndOffset__Output as _rill_replication_v1_EpochEndOffset__Output } from '../../../rill/replication/v1/EpochEndOffset.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from '../../../rill/common/v1/LeaderHint.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The leader's answer for one partition.
 */
export interface FollowerFetchPartitionData {
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The error code (e.g. NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, OFFSET_OUT_OF_RANGE);
   * 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The leader's high watermark.
   */
  'highWatermark'?: (number | string | Long);
  /**
   * The leader's log start offset; a follower below it must restart from it.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * Set when the follower's log diverges from the leader's at fetch_offset: the follower must
   * truncate (see EpochEndOffset) and no records are returned.
   */
  'divergingEpoch'?: (_rill_replication_v1_EpochEndOffset | null);
  /**
   * Whole RecordBatch v2 batches from fetch_offset, concatenated, byte for byte as in the leader's
   * log (offsets and leader epochs already stamped); empty when there is nothing new.
   */
  'records'?: (Buffer | Uint8Array | string);
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader'?: (_rill_common_v1_LeaderHint | null);
  /**
   * The leader's log end offset; a follower whose log ends past it (after an unclean election)
   * truncates to it on OFFSET_OUT_OF_RANGE.
   */
  'logEndOffset'?: (number | string | Long);
}

/**
 * The leader's answer for one partition.
 */
export interface FollowerFetchPartitionData__Output {
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The error code (e.g. NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, OFFSET_OUT_OF_RANGE);
   * 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The leader's high watermark.
   */
  'highWatermark': (number);
  /**
   * The leader's log start offset; a follower below it must restart from it.
   */
  'logStartOffset': (number);
  /**
   * Set when the follower's log diverges from the leader's at fetch_offset: the follower must
   * truncate (see EpochEndOffset) and no records are returned.
   */
  'divergingEpoch': (_rill_replication_v1_EpochEndOffset__Output | null);
  /**
   * Whole RecordBatch v2 batches from fetch_offset, concatenated, byte for byte as in the leader's
   * log (offsets and leader epochs already stamped); empty when there is nothing new.
   */
  'records': (Buffer);
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader': (_rill_common_v1_LeaderHint__Output | null);
  /**
   * The leader's log end offset; a follower whose log ends past it (after an unclean election)
   * truncates to it on OFFSET_OUT_OF_RANGE.
   */
  'logEndOffset': (number);
}
