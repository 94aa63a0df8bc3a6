// Original file: rill/broker/v1/broker_service.proto

import type { ListOffsetsPartitionResponse as _rill_broker_v1_ListOffsetsPartitionResponse, ListOffsetsPartitionResponse__Output as _rill_broker_v1_ListOffsetsPartitionResponse__Output } from '../../../rill/broker/v1/ListOffsetsPartitionResponse.js';

/**
 * The answer for one topic of ListOffsets.
 */
export interface ListOffsetsTopicResponse {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * One answer per requested partition.
   */
  'partitions'?: (_rill_broker_v1_ListOffsetsPartitionResponse)[];
}

/**
 * The answer for one topic of ListOffsets.
 */
export interface ListOffsetsTopicResponse__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * One answer per requested partition.
   */
  'partitions': (_rill_broker_v1_ListOffsetsPartitionResponse__Output)[];
}
