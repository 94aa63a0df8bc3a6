// Original file: rill/controller/v1/controller_types.proto

import type { LeaderRecoveryState as _rill_controller_v1_LeaderRecoveryState, LeaderRecoveryState__Output as _rill_controller_v1_LeaderRecoveryState__Output } from '../../../rill/controller/v1/LeaderRecoveryState.js';

/**
 * A partition's replication state as the controller's metadata holds it.
 */
export interface PartitionDescription {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The leader's node id; -1 when the partition is offline (no leader).
   */
  'leaderId'?: (number);
  /**
   * The leader epoch: incremented on every leader change.
   */
  'leaderEpoch'?: (number);
  /**
   * The partition epoch: incremented on every change of the partition state (ISR, replicas, leader).
   */
  'partitionEpoch'?: (number);
  /**
   * All replicas, in preference order.
   */
  'replicas'?: (number)[];
  /**
   * The in-sync replicas.
   */
  'isr'?: (number)[];
  /**
   * Replicas on brokers that are fenced or offline.
   */
  'offlineReplicas'?: (number)[];
  /**
   * Replicas being added by an ongoing reassignment.
   */
  'addingReplicas'?: (number)[];
  /**
   * Replicas being removed by an ongoing reassignment.
   */
  'removingReplicas'?: (number)[];
  /**
   * Whether the leader was elected uncleanly and is still recovering.
   */
  'leaderRecoveryState'?: (_rill_controller_v1_LeaderRecoveryState);
}

/**
 * A partition's replication state as the controller's metadata holds it.
 */
export interface PartitionDescription__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The leader's node id; -1 when the partition is offline (no leader).
   */
  'leaderId': (number);
  /**
   * The leader epoch: incremented on every leader change.
   */
  'leaderEpoch': (number);
  /**
   * The partition epoch: incremented on every change of the partition state (ISR, replicas, leader).
   */
  'partitionEpoch': (number);
  /**
   * All replicas, in preference order.
   */
  'replicas': (number)[];
  /**
   * The in-sync replicas.
   */
  'isr': (number)[];
  /**
   * Replicas on brokers that are fenced or offline.
   */
  'offlineReplicas': (number)[];
  /**
   * Replicas being added by an ongoing reassignment.
   */
  'addingReplicas': (number)[];
  /**
   * Replicas being removed by an ongoing reassignment.
   */
  'removingReplicas': (number)[];
  /**
   * Whether the leader was elected uncleanly and is still recovering.
   */
  'leaderRecoveryState': (_rill_controller_v1_LeaderRecoveryState__Output);
}
