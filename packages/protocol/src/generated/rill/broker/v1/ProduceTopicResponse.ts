// Original file: rill/broker/v1/produce.proto

import type { ProducePartitionResponse as _rill_broker_v1_ProducePartitionResponse, ProducePartitionResponse__Output as _rill_broker_v1_ProducePartitionResponse__Output } from '../../../rill/broker/v1/ProducePartitionResponse.js';

/**
 * The outcome for one topic of a produce request.
 */
export interface ProduceTopicResponse {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * One outcome per requested partition.
   */
  'partitionResponses'?: (_rill_broker_v1_ProducePartitionResponse)[];
}

/**
 * The outcome for one topic of a produce request.
 */
export interface ProduceTopicResponse__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * One outcome per requested partition.
   */
  'partitionResponses': (_rill_broker_v1_ProducePartitionResponse__Output)[];
}
