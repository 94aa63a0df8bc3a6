// Original file: rill/controller/v1/controller_service.proto

import type { CreatableTopic as _rill_controller_v1_CreatableTopic, CreatableTopic__Output as _rill_controller_v1_CreatableTopic__Output } from '../../../rill/controller/v1/CreatableTopic.js';

/**
 * Create topics.
 */
export interface CreateTopicsRequest {
  /**
   * The topics to create.
   */
  'topics'?: (_rill_controller_v1_CreatableTopic)[];
  /**
   * How long to wait for the topics to be created (committed) before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
  /**
   * When true, only validate the request; create nothing.
   */
  'validateOnly'?: (boolean);
}

/**
 * Create topics.
 */
export interface CreateTopicsRequest__Output {
  /**
   * The topics to create.
   */
  'topics': (_rill_controller_v1_CreatableTopic__Output)[];
  /**
   * How long to wait for the topics to be created (committed) before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
  /**
   * When true, only validate the request; create nothing.
   */
  'validateOnly': (boolean);
}
