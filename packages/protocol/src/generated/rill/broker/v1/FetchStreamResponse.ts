// Original file: rill/broker/v1/broker_service.proto

import type { FetchableTopicResponse as _rill_broker_v1_FetchableTopicResponse, FetchableTopicResponse__Output as _rill_broker_v1_FetchableTopicResponse__Output } from '../../../rill/broker/v1/FetchableTopicResponse.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One push on a fetch stream.
 */
export interface FetchStreamResponse {
  /**
   * New data or state (high watermark, errors) for some of the followed partitions. A partition
   * with an error stops being followed until it is assigned again.
   */
  'responses'?: (_rill_broker_v1_FetchableTopicResponse)[];
  /**
   * The credit the broker holds after this message.
   */
  'remainingCreditBytes'?: (number | string | Long);
}

/**
 * One push on a fetch stream.
 */
export interface FetchStreamResponse__Output {
  /**
   * New data or state (high watermark, errors) for some of the followed partitions. A partition
   * with an error stops being followed until it is assigned again.
   */
  'responses': (_rill_broker_v1_FetchableTopicResponse__Output)[];
  /**
   * The credit the broker holds after this message.
   */
  'remainingCreditBytes': (number);
}
