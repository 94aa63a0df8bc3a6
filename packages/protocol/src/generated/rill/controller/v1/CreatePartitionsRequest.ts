// Original file: rill/controller/v1/controller_service.proto

import type { CreatePartitionsTopic as _rill_controller_v1_CreatePartitionsTopic, CreatePartitionsTopic__Output as _rill_controller_v1_CreatePartitionsTopic__Output } from '../../../rill/controller/v1/CreatePartitionsTopic.js';

/**
 * Add partitions to topics.
 */
export interface CreatePartitionsRequest {
  /**
   * The topics to grow.
   */
  'topics'?: (_rill_controller_v1_CreatePartitionsTopic)[];
  /**
   * How long to wait for the change to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
  /**
   * When true, only validate the request; change nothing.
   */
  'validateOnly'?: (boolean);
}

/**
 * Add partitions to topics.
 */
export interface CreatePartitionsRequest__Output {
  /**
   * The topics to grow.
   */
  'topics': (_rill_controller_v1_CreatePartitionsTopic__Output)[];
  /**
   * How long to wait for the change to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
  /**
   * When true, only validate the request; change nothing.
   */
  'validateOnly': (boolean);
}
