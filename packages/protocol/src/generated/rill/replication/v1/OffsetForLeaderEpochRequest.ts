// Original file: rill/replication/v1/replication_service.proto

import type { OffsetForLeaderTopic as _rill_replication_v1_OffsetForLeaderTopic, OffsetForLeaderTopic__Output as _rill_replication_v1_OffsetForLeaderTopic__Output } from '../../../rill/replication/v1/OffsetForLeaderTopic.js';

/**
 * Find end offsets of leader epochs.
 */
export interface OffsetForLeaderEpochRequest {
  /**
   * The asking follower's node id; -1 for a consumer.
   */
  'replicaId'?: (number);
  /**
   * The partitions, by topic.
   */
  'topics'?: (_rill_replication_v1_OffsetForLeaderTopic)[];
}

/**
 * Find end offsets of leader epochs.
 */
export interface OffsetForLeaderEpochRequest__Output {
  /**
   * The asking follower's node id; -1 for a consumer.
   */
  'replicaId': (number);
  /**
   * The partitions, by topic.
   */
  'topics': (_rill_replication_v1_OffsetForLeaderTopic__Output)[];
}
