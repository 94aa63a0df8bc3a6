// Original file: rill/group/v1/group_service.proto

import type { OffsetCommitResponsePartition as _rill_group_v1_OffsetCommitResponsePartition, OffsetCommitResponsePartition__Output as _rill_group_v1_OffsetCommitResponsePartition__Output } from '../../../rill/group/v1/OffsetCommitResponsePartition.js';

/**
 * The outcome for one topic's commits.
 */
export interface OffsetCommitResponseTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The outcomes, by partition.
   */
  'partitions'?: (_rill_group_v1_OffsetCommitResponsePartition)[];
}

/**
 * The outcome for one topic's commits.
 */
export interface OffsetCommitResponseTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The outcomes, by partition.
   */
  'partitions': (_rill_group_v1_OffsetCommitResponsePartition__Output)[];
}
