// Original file: rill/group/v1/group_service.proto


/**
 * This member's assignment.
 */
export interface SyncGroupResponse {
  /**
   * The protocol type.
   */
  'protocolType'?: (string);
  /**
   * The chosen protocol.
   */
  'protocolName'?: (string);
  /**
   * The member's assignment, opaque to the coordinator.
   */
  'assignment'?: (Buffer | Uint8Array | string);
}

/**
 * This member's assignment.
 */
export interface SyncGroupResponse__Output {
  /**
   * The protocol type.
   */
  'protocolType': (string);
  /**
   * The chosen protocol.
   */
  'protocolName': (string);
  /**
   * The member's assignment, opaque to the coordinator.
   */
  'assignment': (Buffer);
}
