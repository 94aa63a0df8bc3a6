// Original file: rill/controller/v1/controller_service.proto

import type { CreatePartitionsTopicResult as _rill_controller_v1_CreatePartitionsTopicResult, CreatePartitionsTopicResult__Output as _rill_controller_v1_CreatePartitionsTopicResult__Output } from '../../../rill/controller/v1/CreatePartitionsTopicResult.js';

/**
 * The result of CreatePartitions.
 */
export interface CreatePartitionsResponse {
  /**
   * One result per requested topic.
   */
  'results'?: (_rill_controller_v1_CreatePartitionsTopicResult)[];
}

/**
 * The result of CreatePartitions.
 */
export interface CreatePartitionsResponse__Output {
  /**
   * One result per requested topic.
   */
  'results': (_rill_controller_v1_CreatePartitionsTopicResult__Output)[];
}
