// Original file: rill/group/v1/group_service.proto

import type { OffsetCommitRequestPartition as _rill_group_v1_OffsetCommitRequestPartition, OffsetCommitRequestPartition__Output as _rill_group_v1_OffsetCommitRequestPartition__Output } from '../../../rill/group/v1/OffsetCommitRequestPartition.js';

/**
 * One topic's offsets to commit.
 */
export interface OffsetCommitRequestTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The partitions.
   */
  'partitions'?: (_rill_group_v1_OffsetCommitRequestPartition)[];
}

/**
 * One topic's offsets to commit.
 */
export interface OffsetCommitRequestTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The partitions.
   */
  'partitions': (_rill_group_v1_OffsetCommitRequestPartition__Output)[];
}
