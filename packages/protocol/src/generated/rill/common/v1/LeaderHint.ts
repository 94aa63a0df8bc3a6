// Original file: rill/common/v1/errors.proto


/**
 * Where the current leader of a partition is, sent with NOT_LEADER_OR_FOLLOWER,
 * FENCED_LEADER_EPOCH and similar errors so that a client can retry without a metadata round trip.
 */
export interface LeaderHint {
  /**
   * The node id of the current leader; -1 when unknown.
   */
  'leaderId'?: (number);
  /**
   * The current leader epoch of the partition; -1 when unknown.
   */
  'leaderEpoch'?: (number);
  /**
   * The leader's client host; empty when unknown.
   */
  'host'?: (string);
  /**
   * The leader's client port; 0 when unknown.
   */
  'port'?: (number);
  /**
   * The topic of the partition the hint is about; empty when the hint applies to the request.
   */
  'topic'?: (string);
  /**
   * The partition index the hint is about; -1 when the hint applies to the request.
   */
  'partition'?: (number);
}

/**
 * Where the current leader of a partition is, sent with NOT_LEADER_OR_FOLLOWER,
 * FENCED_LEADER_EPOCH and similar errors so that a client can retry without a metadata round trip.
 */
export interface LeaderHint__Output {
  /**
   * The node id of the current leader; -1 when unknown.
   */
  'leaderId': (number);
  /**
   * The current leader epoch of the partition; -1 when unknown.
   */
  'leaderEpoch': (number);
  /**
   * The leader's client host; empty when unknown.
   */
  'host': (string);
  /**
   * The leader's client port; 0 when unknown.
   */
  'port': (number);
  /**
   * The topic of the partition the hint is about; empty when the hint applies to the request.
   */
  'topic': (string);
  /**
   * The partition index the hint is about; -1 when the hint applies to the request.
   */
  'partition': (number);
}
