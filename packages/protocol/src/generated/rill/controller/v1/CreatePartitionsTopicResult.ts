// Original file: rill/controller/v1/controller_service.proto


/**
 * The result of growing one topic.
 */
export interface CreatePartitionsTopicResult {
  /**
   * The topic name.
   */
  'name'?: (string);
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
 * The result of growing one topic.
 */
export interface CreatePartitionsTopicResult__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
