// Original file: rill/broker/v1/broker_service.proto

import type { ListOffsetsTopicResponse as _rill_broker_v1_ListOffsetsTopicResponse, ListOffsetsTopicResponse__Output as _rill_broker_v1_ListOffsetsTopicResponse__Output } from '../../../rill/broker/v1/ListOffsetsTopicResponse.js';

/**
 * The result of ListOffsets.
 */
export interface ListOffsetsResponse {
  /**
   * One answer per requested topic.
   */
  'topics'?: (_rill_broker_v1_ListOffsetsTopicResponse)[];
}

/**
 * The result of ListOffsets.
 */
export interface ListOffsetsResponse__Output {
  /**
   * One answer per requested topic.
   */
  'topics': (_rill_broker_v1_ListOffsetsTopicResponse__Output)[];
}
