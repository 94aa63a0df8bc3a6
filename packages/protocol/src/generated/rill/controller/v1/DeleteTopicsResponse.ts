// Original file: rill/controller/v1/controller_service.proto

import type { DeletableTopicResult as _rill_controller_v1_DeletableTopicResult, DeletableTopicResult__Output as _rill_controller_v1_DeletableTopicResult__Output } from '../../../rill/controller/v1/DeletableTopicResult.js';

/**
 * The result of DeleteTopics.
 */
export interface DeleteTopicsResponse {
  /**
   * One result per requested topic.
   */
  'topics'?: (_rill_controller_v1_DeletableTopicResult)[];
}

/**
 * The result of DeleteTopics.
 */
export interface DeleteTopicsResponse__Output {
  /**
   * One result per requested topic.
   */
  'topics': (_rill_controller_v1_DeletableTopicResult__Output)[];
}
