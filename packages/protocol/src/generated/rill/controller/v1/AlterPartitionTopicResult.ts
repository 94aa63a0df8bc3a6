// Original file: rill/controller/v1/controller_service.proto

import type { AlterPartitionPartitionResult as _rill_controller_v1_AlterPartitionPartitionResult, AlterPartitionPartitionResult__Output as _rill_controller_v1_AlterPartitionPartitionResult__Output } from '../../../rill/controller/v1/AlterPartitionPartitionResult.js';

/**
 * The outcome for one topic of an AlterPartition request.
 */
export interface AlterPartitionTopicResult {
  /**
   * The topic id.
   */
  'topicId'?: (string);
  /**
   * The topic name.
   */
  'topicName'?: (string);
  /**
   * One result per requested partition.
   */
  'partitions'?: (_rill_controller_v1_AlterPartitionPartitionResult)[];
}

/**
 * The outcome for one topic of an AlterPartition request.
 */
export interface AlterPartitionTopicResult__Output {
  /**
   * The topic id.
   */
  'topicId': (string);
  /**
   * The topic name.
   */
  'topicName': (string);
  /**
   * One result per requested partition.
   */
  'partitions': (_rill_controller_v1_AlterPartitionPartitionResult__Output)[];
}
