// Original file: rill/replication/v1/replication_service.proto

import type { FollowerFetchPartition as _rill_replication_v1_FollowerFetchPartition, FollowerFetchPartition__Output as _rill_replication_v1_FollowerFetchPartition__Output } from '../../../rill/replication/v1/FollowerFetchPartition.js';

/**
 * One topic of a follower's fetch round.
 */
export interface FollowerFetchTopic {
  /**
   * The topic id (a UUID in text form), which tells a re-created topic from the old one.
   */
  'topicId'?: (string);
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partitions.
   */
  'partitions'?: (_rill_replication_v1_FollowerFetchPartition)[];
}

/**
 * One topic of a follower's fetch round.
 */
export interface FollowerFetchTopic__Output {
  /**
   * The topic id (a UUID in text form), which tells a re-created topic from the old one.
   */
  'topicId': (string);
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partitions.
   */
  'partitions': (_rill_replication_v1_FollowerFetchPartition__Output)[];
}
