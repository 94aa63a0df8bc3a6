// Original file: rill/common/v1/errors.proto


/**
 * Where the active controller is, sent with NOT_CONTROLLER by a controller that is not the
 * Raft leader so that the caller can redirect.
 */
export interface ControllerHint {
  /**
   * The node id of the active controller; -1 when no leader is known (an election is running).
   */
  'controllerId'?: (number);
  /**
   * The Raft term (epoch) in which that controller leads; -1 when unknown.
   */
  'controllerEpoch'?: (number);
  /**
   * The active controller's host; empty when unknown.
   */
  'host'?: (string);
  /**
   * The active controller's port; 0 when unknown.
   */
  'port'?: (number);
}

/**
 * Where the active controller is, sent with NOT_CONTROLLER by a controller that is not the
 * Raft leader so that the caller can redirect.
 */
export interface ControllerHint__Output {
  /**
   * The node id of the active controller; -1 when no leader is known (an election is running).
   */
  'controllerId': (number);
  /**
   * The Raft term (epoch) in which that controller leads; -1 when unknown.
   */
  'controllerEpoch': (number);
  /**
   * The active controller's host; empty when unknown.
   */
  'host': (string);
  /**
   * The active controller's port; 0 when unknown.
   */
  'port': (number);
}
