// Original file: rill/broker/v1/fetch.proto

import type { FetchableTopicResponse as _rill_broker_v1_FetchableTopicResponse, FetchableTopicResponse__Output as _rill_broker_v1_FetchableTopicResponse__Output } from '../../../rill/broker/v1/FetchableTopicResponse.js';

/**
 * The result of a fetch.
 */
export interface FetchResponse {
  /**
   * How long the client should wait before the next request (quotas); 0 when not throttled.
   */
  'throttleTimeMs'?: (number);
  /**
   * The data, by topic.
   */
  'responses'?: (_rill_broker_v1_FetchableTopicResponse)[];
}

/**
 * The result of a fetch.
 */
export interface FetchResponse__Output {
  /**
   * How long the client should wait before the next request (quotas); 0 when not throttled.
   */
  'throttleTimeMs': (number);
  /**
   * The data, by topic.
   */
  'responses': (_rill_broker_v1_FetchableTopicResponse__Output)[];
}
