// Original file: rill/replication/v1/replication_service.proto


/**
 * One partition of an OffsetForLeaderEpoch request.
 */
export interface OffsetForLeaderPartition {
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The leader epoch the asker knows; -1 to skip the check.
   */
  'currentLeaderEpoch'?: (number);
  /**
   * The epoch whose end offset is wanted.
   */
  'leaderEpoch'?: (number);
}

/**
 * One partition of an OffsetForLeaderEpoch request.
 */
export interface OffsetForLeaderPartition__Output {
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The leader epoch the asker knows; -1 to skip the check.
   */
  'currentLeaderEpoch': (number);
  /**
   * The epoch whose end offset is wanted.
   */
  'leaderEpoch': (number);
}
