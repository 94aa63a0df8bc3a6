// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The broker creating internal topics (see CreateTopicsRequest.internal_topic_creator).
 */
export interface InternalTopicCreator {
  /**
   * The broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The broker's current epoch.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * The broker creating internal topics (see CreateTopicsRequest.internal_topic_creator).
 */
export interface InternalTopicCreator__Output {
  /**
   * The broker's node id.
   */
  'brokerId': (number);
  /**
   * The broker's current epoch.
   */
  'brokerEpoch': (number);
}
