// Original file: rill/controller/v1/controller_service.proto

import type { TopicPartitions as _rill_controller_v1_TopicPartitions, TopicPartitions__Output as _rill_controller_v1_TopicPartitions__Output } from '../../../rill/controller/v1/TopicPartitions.js';

/**
 * List ongoing reassignments.
 */
export interface ListPartitionReassignmentsRequest {
  /**
   * The partitions to look at; empty means all.
   */
  'topicPartitions'?: (_rill_controller_v1_TopicPartitions)[];
}

/**
 * List ongoing reassignments.
 */
export interface ListPartitionReassignmentsRequest__Output {
  /**
   * The partitions to look at; empty means all.
   */
  'topicPartitions': (_rill_controller_v1_TopicPartitions__Output)[];
}
