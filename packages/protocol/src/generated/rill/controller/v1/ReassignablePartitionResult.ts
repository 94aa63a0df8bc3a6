// Original file: rill/controller/v1/controller_types.proto


/**
 * The outcome for one partition of AlterPartitionReassignments.
 */
export interface ReassignablePartitionResult {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The error code (e.g. NO_REASSIGNMENT_IN_PROGRESS); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The outcome for one partition of AlterPartitionReassignments.
 */
export interface ReassignablePartitionResult__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The error code (e.g. NO_REASSIGNMENT_IN_PROGRESS); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
