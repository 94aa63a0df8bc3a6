// Original file: rill/metadata/v1/records.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A block of producer ids [first_producer_id, first_producer_id + size) was handed to a broker.
 */
export interface ProducerIdsBlockRecord {
  /**
   * The broker that received the block (-1 in a snapshot taken before any allocation).
   */
  'brokerId'?: (number);
  /**
   * The epoch of that broker's registration.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The first producer id of the block.
   */
  'firstProducerId'?: (number | string | Long);
  /**
   * The number of ids in the block.
   */
  'size'?: (number);
}

/**
 * A block of producer ids [first_producer_id, first_producer_id + size) was handed to a broker.
 */
export interface ProducerIdsBlockRecord__Output {
  /**
   * The broker that received the block (-1 in a snapshot taken before any allocation).
   */
  'brokerId': (number);
  /**
   * The epoch of that broker's registration.
   */
  'brokerEpoch': (number);
  /**
   * The first producer id of the block.
   */
  'firstProducerId': (number);
  /**
   * The number of ids in the block.
   */
  'size': (number);
}
