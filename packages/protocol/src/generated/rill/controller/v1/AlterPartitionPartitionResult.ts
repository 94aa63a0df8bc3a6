// Original file: rill/controller/v1/controller_service.proto

import type { LeaderRecoveryState as _rill_controller_v1_LeaderRecoveryState, LeaderRecoveryState__Output as _rill_controller_v1_LeaderRecoveryState__Output } from '../../../rill/controller/v1/LeaderRecoveryState.js';

/**
 * The outcome of one ISR change: the partition state after it.
 */
export interface AlterPartitionPartitionResult {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The error code; 0 (NONE) when the change was committed.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The current leader.
   */
  'leaderId'?: (number);
  /**
   * The current leader epoch.
   */
  'leaderEpoch'?: (number);
  /**
   * The current ISR.
   */
  'isr'?: (number)[];
  /**
   * The current partition epoch.
   */
  'partitionEpoch'?: (number);
  /**
   * The current leader recovery state.
   */
  'leaderRecoveryState'?: (_rill_controller_v1_LeaderRecoveryState);
}

/**
 * The outcome of one ISR change: the partition state after it.
 */
export interface AlterPartitionPartitionResult__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The error code; 0 (NONE) when the change was committed.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The current leader.
   */
  'leaderId': (number);
  /**
   * The current leader epoch.
   */
  'leaderEpoch': (number);
  /**
   * The current ISR.
   */
  'isr': (number)[];
  /**
   * The current partition epoch.
   */
  'partitionEpoch': (number);
  /**
   * The current leader recovery state.
   */
  'leaderRecoveryState': (_rill_controller_v1_LeaderRecoveryState__Output);
}
