// Original file: rill/controller/v1/controller_service.proto

import type { TopicListing as _rill_controller_v1_TopicListing, TopicListing__Output as _rill_controller_v1_TopicListing__Output } from '../../../rill/controller/v1/TopicListing.js';

/**
 * The result of ListTopics.
 */
export interface ListTopicsResponse {
  /**
   * The topics, sorted by name.
   */
  'topics'?: (_rill_controller_v1_TopicListing)[];
}

/**
 * The result of ListTopics.
 */
export interface ListTopicsResponse__Output {
  /**
   * The topics, sorted by name.
   */
  'topics': (_rill_controller_v1_TopicListing__Output)[];
}
