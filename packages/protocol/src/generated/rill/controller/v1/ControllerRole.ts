// Original file: rill/controller/v1/controller_types.proto

/**
 * The Raft role of a controller.
 */
export const ControllerRole = {
  /**
   * Not known (the controller did not answer).
   */
  CONTROLLER_ROLE_UNSPECIFIED: 'CONTROLLER_ROLE_UNSPECIFIED',
  /**
   * The Raft leader: the active controller.
   */
  CONTROLLER_ROLE_LEADER: 'CONTROLLER_ROLE_LEADER',
  /**
   * A voter following the leader.
   */
  CONTROLLER_ROLE_FOLLOWER: 'CONTROLLER_ROLE_FOLLOWER',
  /**
   * A voter running an election (pre-vote or vote).
   */
  CONTROLLER_ROLE_CANDIDATE: 'CONTROLLER_ROLE_CANDIDATE',
  /**
   * A non-voting member replicating the log.
   */
  CONTROLLER_ROLE_OBSERVER: 'CONTROLLER_ROLE_OBSERVER',
} as const;

/**
 * The Raft role of a controller.
 */
export type ControllerRole =
  /**
   * Not known (the controller did not answer).
   */
  | 'CONTROLLER_ROLE_UNSPECIFIED'
  | 0
  /**
   * The Raft leader: the active controller.
   */
  | 'CONTROLLER_ROLE_LEADER'
  | 1
  /**
   * A voter following the leader.
   */
  | 'CONTROLLER_ROLE_FOLLOWER'
  | 2
  /**
   * A voter running an election (pre-vote or vote).
   */
  | 'CONTROLLER_ROLE_CANDIDATE'
  | 3
  /**
   * A non-voting member replicating the log.
   */
  | 'CONTROLLER_ROLE_OBSERVER'
  | 4

/**
 * The Raft role of a controller.
 */
export type ControllerRole__Output = typeof ControllerRole[keyof typeof ControllerRole]
