// Original file: rill/group/v1/group_service.proto


/**
 * One topic whose committed offsets to read.
 */
export interface OffsetFetchRequestTopic {
  /**
   * The topic name.
   */
  'name'?: (string);
  /**
   * The partitions; empty means every partition with a committed offset.
   */
  'partitionIndexes'?: (number)[];
}

/**
 * One topic whose committed offsets to read.
 */
export interface OffsetFetchRequestTopic__Output {
  /**
   * The topic name.
   */
  'name': (string);
  /**
   * The partitions; empty means every partition with a committed offset.
   */
  'partitionIndexes': (number)[];
}
