// Original file: rill/broker/v1/produce.proto

import type { ProduceTopicResponse as _rill_broker_v1_ProduceTopicResponse, ProduceTopicResponse__Output as _rill_broker_v1_ProduceTopicResponse__Output } from '../../../rill/broker/v1/ProduceTopicResponse.js';

/**
 * The result of a produce request.
 */
export interface ProduceResponse {
  /**
   * One outcome per requested topic.
   */
  'responses'?: (_rill_broker_v1_ProduceTopicResponse)[];
  /**
   * How long the client should wait before the next request (quotas); 0 when not throttled.
   */
  'throttleTimeMs'?: (number);
}

/**
 * The result of a produce request.
 */
export interface ProduceResponse__Output {
  /**
   * One outcome per requested topic.
   */
  'responses': (_rill_broker_v1_ProduceTopicResponse__Output)[];
  /**
   * How long the client should wait before the next request (quotas); 0 when not throttled.
   */
  'throttleTimeMs': (number);
}
