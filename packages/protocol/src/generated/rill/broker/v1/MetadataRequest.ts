// Original file: rill/broker/v1/broker_service.proto


/**
 * Describe brokers and topics.
 */
export interface MetadataRequest {
  /**
   * The topics to describe; ignored when all_topics is true.
   */
  'topics'?: (string)[];
  /**
   * When true, describe every topic.
   */
  'allTopics'?: (boolean);
}

/**
 * Describe brokers and topics.
 */
export interface MetadataRequest__Output {
  /**
   * The topics to describe; ignored when all_topics is true.
   */
  'topics': (string)[];
  /**
   * When true, describe every topic.
   */
  'allTopics': (boolean);
}
