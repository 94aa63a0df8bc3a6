// Original file: rill/group/v1/group_service.proto


/**
 * A member of the group, as the leader sees it.
 */
export interface JoinGroupResponseMember {
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The member's static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * The member's metadata for the chosen protocol.
   */
  'metadata'?: (Buffer | Uint8Array | string);
}

/**
 * A member of the group, as the leader sees it.
 */
export interface JoinGroupResponseMember__Output {
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The member's static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * The member's metadata for the chosen protocol.
   */
  'metadata': (Buffer);
}
