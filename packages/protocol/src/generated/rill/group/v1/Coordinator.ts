// Original file: rill/group/v1/group_service.proto


/**
 * The coordinator for one key.
 */
export interface Coordinator {
  /**
   * The key (group id or transactional id).
   */
  'key'?: (string);
  /**
   * The coordinator's node id; -1 on error.
   */
  'nodeId'?: (number);
  /**
   * The coordinator's host.
   */
  'host'?: (string);
  /**
   * The coordinator's port.
   */
  'port'?: (number);
  /**
   * The error code (e.g. COORDINATOR_NOT_AVAILABLE); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The coordinator for one key.
 */
export interface Coordinator__Output {
  /**
   * The key (group id or transactional id).
   */
  'key': (string);
  /**
   * The coordinator's node id; -1 on error.
   */
  'nodeId': (number);
  /**
   * The coordinator's host.
   */
  'host': (string);
  /**
   * The coordinator's port.
   */
  'port': (number);
  /**
   * The error code (e.g. COORDINATOR_NOT_AVAILABLE); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
