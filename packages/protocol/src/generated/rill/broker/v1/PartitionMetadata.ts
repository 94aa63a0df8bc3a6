// Original file: rill/broker/v1/broker_service.proto


/**
 * A partition as the broker's metadata image holds it.
 */
export interface PartitionMetadata {
  /**
   * The error code (e.g. LEADER_NOT_AVAILABLE); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The leader's node id; -1 when there is no leader.
   */
  'leaderId'?: (number);
  /**
   * The leader epoch.
   */
  'leaderEpoch'?: (number);
  /**
   * All replicas, in preference order.
   */
  'replicaNodes'?: (number)[];
  /**
   * The in-sync replicas.
   */
  'isrNodes'?: (number)[];
  /**
   * Replicas on fenced or offline brokers.
   */
  'offlineReplicas'?: (number)[];
}

/**
 * A partition as the broker's metadata image holds it.
 */
export interface PartitionMetadata__Output {
  /**
   * The error code (e.g. LEADER_NOT_AVAILABLE); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The leader's node id; -1 when there is no leader.
   */
  'leaderId': (number);
  /**
   * The leader epoch.
   */
  'leaderEpoch': (number);
  /**
   * All replicas, in preference order.
   */
  'replicaNodes': (number)[];
  /**
   * The in-sync replicas.
   */
  'isrNodes': (number)[];
  /**
   * Replicas on fenced or offline brokers.
   */
  'offlineReplicas': (number)[];
}
