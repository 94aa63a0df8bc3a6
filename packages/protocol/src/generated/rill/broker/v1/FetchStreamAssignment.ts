// Original file: rill/broker/v1/broker_service.proto

import type { IsolationLevel as _rill_broker_v1_IsolationLevel, IsolationLevel__Output as _rill_broker_v1_IsolationLevel__Output } from '../../../rill/broker/v1/IsolationLevel.js';
import type { FetchTopic as _rill_broker_v1_FetchTopic, FetchTopic__Output as _rill_broker_v1_FetchTopic__Output } from '../../../rill/broker/v1/FetchTopic.js';
import type { TopicPartition as _rill_common_v1_TopicPartition, TopicPartition__Output as _rill_common_v1_TopicPartition__Output } from '../../../rill/common/v1/TopicPartition.js';

/**
 * Changes which partitions a fetch stream follows, and from where.
 */
export interface FetchStreamAssignment {
  /**
   * The isolation level for the whole stream; only the first assignment's value counts.
   */
  'isolationLevel'?: (_rill_broker_v1_IsolationLevel);
  /**
   * Partitions to start following, or to reposition (a seek) when already followed.
   */
  'topics'?: (_rill_broker_v1_FetchTopic)[];
  /**
   * Partitions to stop following.
   */
  'removedPartitions'?: (_rill_common_v1_TopicPartition)[];
}

/**
 * Changes which partitions a fetch stream follows, and from where.
 */
export interface FetchStreamAssignment__Output {
  /**
   * The isolation level for the whole stream; only the first assignment's value counts.
   */
  'isolationLevel': (_rill_broker_v1_IsolationLevel__Output);
  /**
   * Partitions to start following, or to reposition (a seek) when already followed.
   */
  'topics': (_rill_broker_v1_FetchTopic__Output)[];
  /**
   * Partitions to stop following.
   */
  'removedPartitions': (_rill_common_v1_TopicPartition__Output)[];
}
