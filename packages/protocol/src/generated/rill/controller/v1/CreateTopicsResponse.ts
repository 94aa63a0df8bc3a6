// Original file: rill/controller/v1/controller_service.proto

import type { CreatableTopicResult as _rill_controller_v1_CreatableTopicResult, CreatableTopicResult__Output as _rill_controller_v1_CreatableTopicResult__Output } from '../../../rill/controller/v1/CreatableTopicResult.js';

/**
 * The result of CreateTopics.
 */
export interface CreateTopicsResponse {
  /**
   * One result per requested topic.
   */
  'topics'?: (_rill_controller_v1_CreatableTopicResult)[];
}

/**
 * The result of CreateTopics.
 */
export interface CreateTopicsResponse__Output {
  /**
   * One result per requested topic.
   */
  'topics': (_rill_controller_v1_CreatableTopicResult__Output)[];
}
