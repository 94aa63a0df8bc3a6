// Original file: rill/broker/v1/fetch.proto

import type { FetchPartitionData as _rill_broker_v1_FetchPartitionData, FetchPartitionData__Output as _rill_broker_v1_FetchPartitionData__Output } from '../../../rill/broker/v1/FetchPartitionData.js';

/**
 * The data for one topic.
 */
export interface FetchableTopicResponse {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The data, by partition.
   */
  'partitions'?: (_rill_broker_v1_FetchPartitionData)[];
}

/**
 * The data for one topic.
 */
export interface FetchableTopicResponse__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The data, by partition.
   */
  'partitions': (_rill_broker_v1_FetchPartitionData__Output)[];
}
