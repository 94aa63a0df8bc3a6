// Original file: rill/group/v1/group_service.proto


/**
 * Some partitions of one topic.
 */
export interface TopicPartitions {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition indexes, ascending.
   */
  'partitions'?: (number)[];
}

/**
 * Some partitions of one topic.
 */
export interface TopicPartitions__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition indexes, ascending.
   */
  'partitions': (number)[];
}
