// Original file: rill/controller/v1/controller_service.proto


/**
 * Delete topics.
 */
export interface DeleteTopicsRequest {
  /**
   * The names of the topics to delete.
   */
  'topicNames'?: (string)[];
  /**
   * How long to wait for the deletion to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs'?: (number);
}

/**
 * Delete topics.
 */
export interface DeleteTopicsRequest__Output {
  /**
   * The names of the topics to delete.
   */
  'topicNames': (string)[];
  /**
   * How long to wait for the deletion to be committed before answering REQUEST_TIMED_OUT.
   */
  'timeoutMs': (number);
}
