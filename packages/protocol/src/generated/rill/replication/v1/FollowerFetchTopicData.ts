// Original file: rill/replication/v1/replication_service.proto

import type { FollowerFetchPartitionData as _rill_replication_v1_FollowerFetchPartitionData, FollowerFetchPartitionData__Output as _rill_replication_v1_FollowerFetchPartitionData__Output } from '../../../rill/replication/v1/FollowerFetchPartitionData.js';

/**
 * The leader's answer for one topic.
 */
export interface FollowerFetchTopicData {
  /**
   * The topic id.
   */
  'topicId'?: (string);
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The answers, by partition.
   */
  'partitions'?: (_rill_replication_v1_FollowerFetchPartitionData)[];
}

/**
 * The leader's answer for one topic.
 */
export interface FollowerFetchTopicData__Output {
  /**
   * The topic id.
   */
  'topicId': (string);
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The answers, by partition.
   */
  'partitions': (_rill_replication_v1_FollowerFetchPartitionData__Output)[];
}
