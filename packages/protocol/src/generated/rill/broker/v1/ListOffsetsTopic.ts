// Original file: rill/broker/v1/broker_service.proto

import type { ListOffsetsPartition as _rill_broker_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _rill_broker_v1_ListOffsetsPartition__Output } from '../../../rill/broker/v1/ListOffsetsPartition.js';

/**
 * One topic of a ListOffsets request.
 */
export interface ListOffsetsTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The partitions.
   */
  'partitions'?: (_rill_broker_v1_ListOffsetsPartition)[];
}

/**
 * One topic of a ListOffsets request.
 */
export interface ListOffsetsTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The partitions.
   */
  'partitions': (_rill_broker_v1_ListOffsetsPartition__Output)[];
}
