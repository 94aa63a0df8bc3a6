// Original file: rill/controller/v1/controller_service.proto


/**
 * The outcome of one partition's election.
 */
export interface ElectLeadersPartitionResult {
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The error code (e.g. ELECTION_NOT_NEEDED, ELIGIBLE_LEADERS_NOT_AVAILABLE); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The outcome of one partition's election.
 */
export interface ElectLeadersPartitionResult__Output {
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The error code (e.g. ELECTION_NOT_NEEDED, ELIGIBLE_LEADERS_NOT_AVAILABLE); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
