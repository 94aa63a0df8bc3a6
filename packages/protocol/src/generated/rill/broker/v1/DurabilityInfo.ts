// Original file: rill/broker/v1/produce.proto


/**
 * How durable a partition's records were when the broker answered.
 */
export interface DurabilityInfo {
  /**
   * How many replicas (the leader included) held the records when the broker answered.
   */
  'replicasHolding'?: (number);
  /**
   * True when the leader had fsynced the records to disk before answering.
   */
  'fsynced'?: (boolean);
  /**
   * How many replicas (the leader included) had fsynced the records, as far as the leader knew.
   */
  'replicasFsynced'?: (number);
}

/**
 * How durable a partition's records were when the broker answered.
 */
export interface DurabilityInfo__Output {
  /**
   * How many replicas (the leader included) held the records when the broker answered.
   */
  'replicasHolding': (number);
  /**
   * True when the leader had fsynced the records to disk before answering.
   */
  'fsynced': (boolean);
  /**
   * How many replicas (the leader included) had fsynced the records, as far as the leader knew.
   */
  'replicasFsynced': (number);
}
