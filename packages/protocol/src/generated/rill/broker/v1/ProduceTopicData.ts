// Original file: rill/broker/v1/produce.proto

import type { ProducePartitionData as _rill_broker_v1_ProducePartitionData, ProducePartitionData__Output as _rill_broker_v1_ProducePartitionData__Output } from '../../../rill/broker/v1/ProducePartitionData.js';

/**
 * The batches for one topic.
 */
export interface ProduceTopicData {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The batches, by partition.
   */
  'partitionData'?: (_rill_broker_v1_ProducePartitionData)[];
}

/**
 * The batches for one topic.
 */
export interface ProduceTopicData__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The batches, by partition.
   */
  'partitionData': (_rill_broker_v1_ProducePartitionData__Output)[];
}
