// Original file: rill/broker/v1/fetch.proto

import type { FetchPartition as _rill_broker_v1_FetchPartition, FetchPartition__Output as _rill_broker_v1_FetchPartition__Output } from '../../../rill/broker/v1/FetchPartition.js';

/**
 * One topic to read.
 */
export interface FetchTopic {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partitions to read.
   */
  'partitions'?: (_rill_broker_v1_FetchPartition)[];
}

/**
 * One topic to read.
 */
export interface FetchTopic__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partitions to read.
   */
  'partitions': (_rill_broker_v1_FetchPartition__Output)[];
}
