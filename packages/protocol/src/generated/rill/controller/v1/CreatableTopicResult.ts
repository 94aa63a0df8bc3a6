// Original file: rill/controller/v1/controller_service.proto


/**
 * The result of creating one topic.
 */
export interface CreatableTopicResult {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The new topic's id (a UUID in text form); empty on error.
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
  /**
   * The number of partitions created.
   */
  'numPartitions'?: (number);
  /**
   * The replication factor used.
   */
  'replicationFactor'?: (number);
}

/**
 * The result of creating one topic.
 */
export interface CreatableTopicResult__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The new topic's id (a UUID in text form); empty on error.
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
  /**
   * The number of partitions created.
   */
  'numPartitions': (number);
  /**
   * The replication factor used.
   */
  'replicationFactor': (number);
}
