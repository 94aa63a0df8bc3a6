// Original file: rill/metadata/v1/records.proto


/**
 * A topic was created. Its configs follow as ConfigRecords and its partitions as PartitionRecords
 * in the same batch.
 */
export interface TopicRecord {
  /**
   * The topic name (Kafka's legal-name rules).
   */
  'name'?: (string);
  /**
   * The topic id: a UUID string, unique for the life of the cluster.
   */
  'topicId'?: (string);
}

/**
 * A topic was created. Its configs follow as ConfigRecords and its partitions as PartitionRecords
 * in the same batch.
 */
export interface TopicRecord__Output {
  /**
   * The topic name (Kafka's legal-name rules).
   */
  'name': (string);
  /**
   * The topic id: a UUID string, unique for the life of the cluster.
   */
  'topicId': (string);
}
