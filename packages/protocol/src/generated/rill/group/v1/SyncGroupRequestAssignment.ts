// Original file: rill/group/v1/group_service.proto


/**
 * One member's assignment, from the leader.
 */
export interface SyncGroupRequestAssignment {
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The assignment, opaque to the coordinator.
   */
  'assignment'?: (Buffer | Uint8Array | string);
}

/**
 * One member's assignment, from the leader.
 */
export interface SyncGroupRequestAssignment__Output {
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The assignment, opaque to the coordinator.
   */
  'assignment': (Buffer);
}
