// Original file: rill/controller/v1/controller_service.proto


/**
 * Describe topics.
 */
export interface DescribeTopicsRequest {
  /**
   * The topics to describe.
   */
  'topicNames'?: (string)[];
}

/**
 * Describe topics.
 */
export interface DescribeTopicsRequest__Output {
  /**
   * The topics to describe.
   */
  'topicNames': (string)[];
}
