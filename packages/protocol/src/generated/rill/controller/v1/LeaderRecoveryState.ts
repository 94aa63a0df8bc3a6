// Original file: rill/controller/v1/controller_types.proto

/**
 * Whether a partition's leader is still recovering from an unclean election (KIP-704).
 */
export const LeaderRecoveryState = {
  /**
   * Not set; read as LEADER_RECOVERY_STATE_RECOVERED.
   */
  LEADER_RECOVERY_STATE_UNSPECIFIED: 'LEADER_RECOVERY_STATE_UNSPECIFIED',
  /**
   * The leader is a clean (ISR) leader, or has finished recovering.
   */
  LEADER_RECOVERY_STATE_RECOVERED: 'LEADER_RECOVERY_STATE_RECOVERED',
  /**
   * The leader was elected uncleanly and has not yet recovered its log; the ISR must not grow.
   */
  LEADER_RECOVERY_STATE_RECOVERING: 'LEADER_RECOVERY_STATE_RECOVERING',
} as const;

/**
 * Whether a partition's leader is still recovering from an unclean election (KIP-704).
 */
export type LeaderRecoveryState =
  /**
   * Not set; read as LEADER_RECOVERY_STATE_RECOVERED.
   */
  | 'LEADER_RECOVERY_STATE_UNSPECIFIED'
  | 0
  /**
   * The leader is a clean (ISR) leader, or has finished recovering.
   */
  | 'LEADER_RECOVERY_STATE_RECOVERED'
  | 1
  /**
   * The leader was elected uncleanly and has not yet recovered its log; the ISR must not grow.
   */
  | 'LEADER_RECOVERY_STATE_RECOVERING'
  | 2

/**
 * Whether a partition's leader is still recovering from an unclean election (KIP-704).
 */
export type LeaderRecoveryState__Output = typeof LeaderRecoveryState[keyof typeof LeaderRecoveryState]
