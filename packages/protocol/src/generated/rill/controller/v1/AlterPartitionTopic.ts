// Original file: rill/controller/v1/controller_service.proto

import type { AlterPartitionPartition as _rill_controller_v1_AlterPartitionPartition, AlterPartitionPartition__Output as _rill_controller_v1_AlterPartitionPartition__Output } from '../../../rill/controller/v1/AlterPartitionPartition.js';

/**
 * One topic of an AlterPartition request.
 */
export interface AlterPartitionTopic {
  /**
   * The topic id (a UUID in text form).
   */
  'topicId'?: (string);
  /**
   * The topic name.
   */
  'topicName'?: (string);
  /**
   * The partitions to change.
   */
  'partitions'?: (_rill_controller_v1_AlterPartitionPartition)[];
}

/**
 * One topic of an AlterPartition request.
 */
export interface AlterPartitionTopic__Output {
  /**
   * The topic id (a UUID in text form).
   */
  'topicId': (string);
  /**
   * The topic name.
   */
  'topicName': (string);
  /**
   * The partitions to change.
   */
  'partitions': (_rill_controller_v1_AlterPartitionPartition__Output)[];
}
