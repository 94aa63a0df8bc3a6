// Original file: rill/broker/v1/broker_service.proto

import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from '../../../rill/common/v1/LeaderHint.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The answer for one partition of ListOffsets.
 */
export interface ListOffsetsPartitionResponse {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The timestamp of the found record (Unix ms); -1 for EARLIEST and LATEST or when none was found.
   */
  'timestampMs'?: (number | string | Long);
  /**
   * The found offset; -1 when no record matches the timestamp.
   */
  'offset'?: (number | string | Long);
  /**
   * The leader epoch of the found offset; -1 when unknown.
   */
  'leaderEpoch'?: (number);
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader'?: (_rill_common_v1_LeaderHint | null);
}

/**
 * The answer for one partition of ListOffsets.
 */
export interface ListOffsetsPartitionResponse__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The timestamp of the found record (Unix ms); -1 for EARLIEST and LATEST or when none was found.
   */
  'timestampMs': (number);
  /**
   * The found offset; -1 when no record matches the timestamp.
   */
  'offset': (number);
  /**
   * The leader epoch of the found offset; -1 when unknown.
   */
  'leaderEpoch': (number);
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader': (_rill_common_v1_LeaderHint__Output | null);
}
