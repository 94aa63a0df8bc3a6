// Original file: rill/controller/v1/controller_service.proto

import type { AlterPartitionTopicResult as _rill_controller_v1_AlterPartitionTopicResult, AlterPartitionTopicResult__Output as _rill_controller_v1_AlterPartitionTopicResult__Output } from '../../../rill/controller/v1/AlterPartitionTopicResult.js';

/**
 * The result of AlterPartition.
 */
export interface AlterPartitionResponse {
  /**
   * One result per requested topic.
   */
  'topics'?: (_rill_controller_v1_AlterPartitionTopicResult)[];
}

/**
 * The result of AlterPartition.
 */
export interface AlterPartitionResponse__Output {
  /**
   * One result per requested topic.
   */
  'topics': (_rill_controller_v1_AlterPartitionTopicResult__Output)[];
}
