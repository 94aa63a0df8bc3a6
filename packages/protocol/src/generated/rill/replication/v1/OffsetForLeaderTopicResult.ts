// Original file: rill/replication/v1/replication_service.proto

import type { OffsetForLeaderPartitionResult as _rill_replication_v1_OffsetForLeaderPartitionResult, OffsetForLeaderPartitionResult__Output as _rill_replication_v1_OffsetForLeaderPartitionResult__Output } from '../../../rill/replication/v1/OffsetForLeaderPartitionResult.js';

/**
 * The answer for one topic of OffsetForLeaderEpoch.
 */
export interface OffsetForLeaderTopicResult {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The answers, by partition.
   */
  'partitions'?: (_rill_replication_v1_OffsetForLeaderPartitionResult)[];
}

/**
 * The answer for one topic of OffsetForLeaderEpoch.
 */
export interface OffsetForLeaderTopicResult__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The answers, by partition.
   */
  'partitions': (_rill_replication_v1_OffsetForLeaderPartitionResult__Output)[];
}
