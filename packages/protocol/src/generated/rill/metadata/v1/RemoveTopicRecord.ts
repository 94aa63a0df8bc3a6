// Original file: rill/metadata/v1/records.proto


/**
 * A topic was deleted, with its partitions and configs.
 */
export interface RemoveTopicRecord {
  /**
   * The id of the deleted topic.
   */
  'topicId'?: (string);
}

/**
 * A topic was deleted, with its partitions and configs.
 */
export interface RemoveTopicRecord__Output {
  /**
   * The id of the deleted topic.
   */
  'topicId': (string);
}
