// Original file: rill/group/v1/group_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition's offset to commit.
 */
export interface OffsetCommitRequestPartition {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The offset to commit: the next offset the group will read.
   */
  'committedOffset'?: (number | string | Long);
  /**
   * The leader epoch of the last consumed record; -1 when unknown.
   */
  'committedLeaderEpoch'?: (number);
  /**
   * Free-form metadata stored with the offset; size-limited (OFFSET_METADATA_TOO_LARGE).
   */
  'committedMetadata'?: (string);
}

/**
 * One partition's offset to commit.
 */
export interface OffsetCommitRequestPartition__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The offset to commit: the next offset the group will read.
   */
  'committedOffset': (number);
  /**
   * The leader epoch of the last consumed record; -1 when unknown.
   */
  'committedLeaderEpoch': (number);
  /**
   * Free-form metadata stored with the offset; size-limited (OFFSET_METADATA_TOO_LARGE).
   */
  'committedMetadata': (string);
}
