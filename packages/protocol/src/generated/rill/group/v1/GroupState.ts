// Original file: rill/group/v1/group_service.proto

/**
 * The state of a group.
 */
export const GroupState = {
  /**
   * Not known.
   */
  GROUP_STATE_UNSPECIFIED: 'GROUP_STATE_UNSPECIFIED',
  /**
   * No members; committed offsets may remain.
   */
  GROUP_STATE_EMPTY: 'GROUP_STATE_EMPTY',
  /**
   * A rebalance started; waiting for members to (re)join.
   */
  GROUP_STATE_PREPARING_REBALANCE: 'GROUP_STATE_PREPARING_REBALANCE',
  /**
   * Members joined; waiting for the leader's assignment.
   */
  GROUP_STATE_COMPLETING_REBALANCE: 'GROUP_STATE_COMPLETING_REBALANCE',
  /**
   * Every member has its assignment.
   */
  GROUP_STATE_STABLE: 'GROUP_STATE_STABLE',
  /**
   * The group is being removed (deleted, or its coordinator moved away).
   */
  GROUP_STATE_DEAD: 'GROUP_STATE_DEAD',
  /**
   * (Consumer protocol) a new target assignment is being computed.
   */
  GROUP_STATE_ASSIGNING: 'GROUP_STATE_ASSIGNING',
  /**
   * (Consumer protocol) members are revoking and taking partitions towards the target.
   */
  GROUP_STATE_RECONCILING: 'GROUP_STATE_RECONCILING',
} as const;

/**
 * The state of a group.
 */
export type GroupState =
  /**
   * Not known.
   */
  | 'GROUP_STATE_UNSPECIFIED'
  | 0
  /**
   * No members; committed offsets may remain.
   */
  | 'GROUP_STATE_EMPTY'
  | 1
  /**
   * A rebalance started; waiting for members to (re)join.
   */
  | 'GROUP_STATE_PREPARING_REBALANCE'
  | 2
  /**
   * Members joined; waiting for the leader's assignment.
   */
  | 'GROUP_STATE_COMPLETING_REBALANCE'
  | 3
  /**
   * Every member has its assignment.
   */
  | 'GROUP_STATE_STABLE'
  | 4
  /**
   * The group is being removed (deleted, or its coordinator moved away).
   */
  | 'GROUP_STATE_DEAD'
  | 5
  /**
   * (Consumer protocol) a new target assignment is being computed.
   */
  | 'GROUP_STATE_ASSIGNING'
  | 6
  /**
   * (Consumer protocol) members are revoking and taking partitions towards the target.
   */
  | 'GROUP_STATE_RECONCILING'
  | 7

/**
 * The state of a group.
 */
export type GroupState__Output = typeof GroupState[keyof typeof GroupState]
