// Original file: rill/controller/v1/controller_service.proto


/**
 * One listed topic.
 */
export interface TopicListing {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The topic id (a UUID in text form).
   */
  'topicId'?: (string);
  /**
   * True for internal topics.
   */
  'isInternal'?: (boolean);
  /**
   * The number of partitions.
   */
  'partitionCount'?: (number);
}

/**
 * One listed topic.
 */
export interface TopicListing__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The topic id (a UUID in text form).
   */
  'topicId': (string);
  /**
   * True for internal topics.
   */
  'isInternal': (boolean);
  /**
   * The number of partitions.
   */
  'partitionCount': (number);
}
