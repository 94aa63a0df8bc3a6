// Original file: rill/replication/v1/replication_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The answer for one partition of OffsetForLeaderEpoch.
 */
export interface OffsetForLeaderPartitionResult {
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The largest epoch on the leader not greater than the requested one; -1 when none.
   */
  'leaderEpoch'?: (number);
  /**
   * The end offset of that epoch; -1 when none.
   */
  'endOffset'?: (number | string | Long);
}

/**
 * The answer for one partition of OffsetForLeaderEpoch.
 */
export interface OffsetForLeaderPartitionResult__Output {
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The largest epoch on the leader not greater than the requested one; -1 when none.
   */
  'leaderEpoch': (number);
  /**
   * The end offset of that epoch; -1 when none.
   */
  'endOffset': (number);
}
