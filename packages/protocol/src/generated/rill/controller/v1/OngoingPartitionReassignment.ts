// Original file: rill/controller/v1/controller_types.proto


/**
 * An ongoing reassignment of one partition.
 */
export interface OngoingPartitionReassignment {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The current replica set (original plus adding).
   */
  'replicas'?: (number)[];
  /**
   * Replicas being added.
   */
  'addingReplicas'?: (number)[];
  /**
   * Replicas being removed.
   */
  'removingReplicas'?: (number)[];
}

/**
 * An ongoing reassignment of one partition.
 */
export interface OngoingPartitionReassignment__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The current replica set (original plus adding).
   */
  'replicas': (number)[];
  /**
   * Replicas being added.
   */
  'addingReplicas': (number)[];
  /**
   * Replicas being removed.
   */
  'removingReplicas': (number)[];
}
