// Original file: rill/controller/v1/controller_service.proto

import type { TopicDescription as _rill_controller_v1_TopicDescription, TopicDescription__Output as _rill_controller_v1_TopicDescription__Output } from '../../../rill/controller/v1/TopicDescription.js';

/**
 * The result of DescribeTopics.
 */
export interface DescribeTopicsResponse {
  /**
   * One description per requested topic.
   */
  'topics'?: (_rill_controller_v1_TopicDescription)[];
}

/**
 * The result of DescribeTopics.
 */
export interface DescribeTopicsResponse__Output {
  /**
   * One description per requested topic.
   */
  'topics': (_rill_controller_v1_TopicDescription__Output)[];
}
