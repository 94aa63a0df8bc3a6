// Original file: rill/group/v1/group_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition's committed offset.
 */
export interface OffsetFetchResponsePartition {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The committed offset; -1 when none.
   */
  'committedOffset'?: (number | string | Long);
  /**
   * The committed leader epoch; -1 when unknown.
   */
  'committedLeaderEpoch'?: (number);
  /**
   * The committed metadata.
   */
  'metadata'?: (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * One partition's committed offset.
 */
export interface OffsetFetchResponsePartition__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The committed offset; -1 when none.
   */
  'committedOffset': (number);
  /**
   * The committed leader epoch; -1 when unknown.
   */
  'committedLeaderEpoch': (number);
  /**
   * The committed metadata.
   */
  'metadata': (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
