// Original file: rill/metadata/v1/records.proto


/**
 * A partition's whole state.
 */
export interface PartitionRecord {
  /**
   * The id of the topic the partition belongs to.
   */
  'topicId'?: (string);
  /**
   * The partition index, from 0.
   */
  'partition'?: (number);
  /**
   * The replicas, preferred leader first (during a reassignment: old and new together).
   */
  'replicas'?: (number)[];
  /**
   * The in-sync replicas; never empty.
   */
  'isr'?: (number)[];
  /**
   * The leader's broker id, or -1 when the partition is offline.
   */
  'leader'?: (number);
  /**
   * Bumped at every leader change; fences requests of earlier leaders.
   */
  'leaderEpoch'?: (number);
  /**
   * Bumped at every change of the partition state; guards AlterPartition.
   */
  'partitionEpoch'?: (number);
  /**
   * Replicas being added by a reassignment (a subset of replicas).
   */
  'addingReplicas'?: (number)[];
  /**
   * Replicas being removed by a reassignment (a subset of replicas).
   */
  'removingReplicas'?: (number)[];
}

/**
 * A partition's whole state.
 */
export interface PartitionRecord__Output {
  /**
   * The id of the topic the partition belongs to.
   */
  'topicId': (string);
  /**
   * The partition index, from 0.
   */
  'partition': (number);
  /**
   * The replicas, preferred leader first (during a reassignment: old and new together).
   */
  'replicas': (number)[];
  /**
   * The in-sync replicas; never empty.
   */
  'isr': (number)[];
  /**
   * The leader's broker id, or -1 when the partition is offline.
   */
  'leader': (number);
  /**
   * Bumped at every leader change; fences requests of earlier leaders.
   */
  'leaderEpoch': (number);
  /**
   * Bumped at every change of the partition state; guards AlterPartition.
   */
  'partitionEpoch': (number);
  /**
   * Replicas being added by a reassignment (a subset of replicas).
   */
  'addingReplicas': (number)[];
  /**
   * Replicas being removed by a reassignment (a subset of replicas).
   */
  'removingReplicas': (number)[];
}
