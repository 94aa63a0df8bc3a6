// Original file: rill/controller/v1/controller_service.proto

import type { AlterPartitionTopic as _rill_controller_v1_AlterPartitionTopic, AlterPartitionTopic__Output as _rill_controller_v1_AlterPartitionTopic__Output } from '../../../rill/controller/v1/AlterPartitionTopic.js';
import type { Long } from '@grpc/proto-loader';

/**
 * ISR changes from partition leaders.
 */
export interface AlterPartitionRequest {
  /**
   * The sending broker's node id (the partition leader).
   */
  'brokerId'?: (number);
  /**
   * The sending broker's epoch.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The partitions to change, by topic.
   */
  'topics'?: (_rill_controller_v1_AlterPartitionTopic)[];
}

/**
 * ISR changes from partition leaders.
 */
export interface AlterPartitionRequest__Output {
  /**
   * The sending broker's node id (the partition leader).
   */
  'brokerId': (number);
  /**
   * The sending broker's epoch.
   */
  'brokerEpoch': (number);
  /**
   * The partitions to change, by topic.
   */
  'topics': (_rill_controller_v1_AlterPartitionTopic__Output)[];
}
