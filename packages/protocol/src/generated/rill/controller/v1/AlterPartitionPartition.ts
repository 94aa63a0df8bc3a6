// Original file: rill/controller/v1/controller_service.proto

import type { IsrMember as _rill_controller_v1_IsrMember, IsrMember__Output as _rill_controller_v1_IsrMember__Output } from '../../../rill/controller/v1/IsrMember.js';
import type { LeaderRecoveryState as _rill_controller_v1_LeaderRecoveryState, LeaderRecoveryState__Output as _rill_controller_v1_LeaderRecoveryState__Output } from '../../../rill/controller/v1/LeaderRecoveryState.js';

/**
 * One requested ISR change.
 */
export interface AlterPartitionPartition {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The leader epoch the leader believes current; a stale one gets FENCED_LEADER_EPOCH.
   */
  'leaderEpoch'?: (number);
  /**
   * The proposed ISR, each with the broker epoch the leader saw (KIP-903), so that a replica that
   * restarted and lost data is not added back by a stale report.
   */
  'newIsr'?: (_rill_controller_v1_IsrMember)[];
  /**
   * The partition epoch the proposal is based on; a stale one changes nothing (the leader must
   * re-read the partition state).
   */
  'partitionEpoch'?: (number);
  /**
   * The leader recovery state the leader reports.
   */
  'leaderRecoveryState'?: (_rill_controller_v1_LeaderRecoveryState);
}

/**
 * One requested ISR change.
 */
export interface AlterPartitionPartition__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The leader epoch the leader believes current; a stale one gets FENCED_LEADER_EPOCH.
   */
  'leaderEpoch': (number);
  /**
   * The proposed ISR, each with the broker epoch the leader saw (KIP-903), so that a replica that
   * restarted and lost data is not added back by a stale report.
   */
  'newIsr': (_rill_controller_v1_IsrMember__Output)[];
  /**
   * The partition epoch the proposal is based on; a stale one changes nothing (the leader must
   * re-read the partition state).
   */
  'partitionEpoch': (number);
  /**
   * The leader recovery state the leader reports.
   */
  'leaderRecoveryState': (_rill_controller_v1_LeaderRecoveryState__Output);
}
