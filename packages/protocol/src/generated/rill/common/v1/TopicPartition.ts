// Original file: rill/common/v1/cluster.proto


/**
 * One partition of one topic.
 */
export interface TopicPartition {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition index, from 0.
   */
  'partition'?: (number);
}

/**
 * One partition of one topic.
 */
export interface TopicPartition__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition index, from 0.
   */
  'partition': (number);
}
