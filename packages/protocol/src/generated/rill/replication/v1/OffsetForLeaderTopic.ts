// Original file: rill/replication/v1/replication_service.proto

import type { OffsetForLeaderPartition as _rill_replication_v1_OffsetForLeaderPartition, OffsetForLeaderPartition__Output as _rill_replication_v1_OffsetForLeaderPartition__Output } from '../../../rill/replication/v1/OffsetForLeaderPartition.js';

/**
 * One topic of an OffsetForLeaderEpoch request.
 */
export interface OffsetForLeaderTopic {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partitions.
   */
  'partitions'?: (_rill_replication_v1_OffsetForLeaderPartition)[];
}

/**
 * One topic of an OffsetForLeaderEpoch request.
 */
export interface OffsetForLeaderTopic__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partitions.
   */
  'partitions': (_rill_replication_v1_OffsetForLeaderPartition__Output)[];
}
