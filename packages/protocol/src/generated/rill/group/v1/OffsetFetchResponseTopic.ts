// Original file: rill/group/v1/group_service.proto

import type { OffsetFetchResponsePartition as _rill_group_v1_OffsetFetchResponsePartition, OffsetFetchResponsePartition__Output as _rill_group_v1_OffsetFetchResponsePartition__Output } from '../../../rill/group/v1/OffsetFetchResponsePartition.js';

/**
 * One topic's committed offsets.
 */
export interface OffsetFetchResponseTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The offsets, by partition.
   */
  'partitions'?: (_rill_group_v1_OffsetFetchResponsePartition)[];
}

/**
 * One topic's committed offsets.
 */
export interface OffsetFetchResponseTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The offsets, by partition.
   */
  'partitions': (_rill_group_v1_OffsetFetchResponsePartition__Output)[];
}
