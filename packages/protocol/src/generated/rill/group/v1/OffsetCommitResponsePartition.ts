// Original file: rill/group/v1/group_service.proto


/**
 * The outcome for one partition's commit.
 */
export interface OffsetCommitResponsePartition {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The error code (e.g. ILLEGAL_GENERATION); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The outcome for one partition's commit.
 */
export interface OffsetCommitResponsePartition__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The error code (e.g. ILLEGAL_GENERATION); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
