// Original file: rill/controller/v1/controller_types.proto


/**
 * Some partitions of one topic.
 */
export interface TopicPartitions {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition indexes; empty means every partition of the topic.
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
   * The partition indexes; empty means every partition of the topic.
   */
  'partitions': (number)[];
}
