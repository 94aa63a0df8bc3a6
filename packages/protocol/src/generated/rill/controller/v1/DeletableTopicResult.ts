// Original file: rill/controller/v1/controller_service.proto


/**
 * The result of deleting one topic.
 */
export interface DeletableTopicResult {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The deleted topic's id; empty when the topic was not found.
   */
  'topicId'?: (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The result of deleting one topic.
 */
export interface DeletableTopicResult__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The deleted topic's id; empty when the topic was not found.
   */
  'topicId': (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
