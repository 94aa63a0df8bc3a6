// Original file: rill/controller/v1/controller_service.proto

import type { TopicPartition as _rill_common_v1_TopicPartition, TopicPartition__Output as _rill_common_v1_TopicPartition__Output } from '../../../rill/common/v1/TopicPartition.js';

/**
 * The partitions the broker still leads (empty when it may stop now).
 */
export interface ControlledShutdownResponse {
  /**
   * Partitions whose leadership could not be moved yet (no other eligible replica).
   */
  'remainingPartitions'?: (_rill_common_v1_TopicPartition)[];
}

/**
 * The partitions the broker still leads (empty when it may stop now).
 */
export interface ControlledShutdownResponse__Output {
  /**
   * Partitions whose leadership could not be moved yet (no other eligible replica).
   */
  'remainingPartitions': (_rill_common_v1_TopicPartition__Output)[];
}
