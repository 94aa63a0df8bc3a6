// Original file: rill/group/v1/group_service.proto


/**
 * A member of a described group.
 */
export interface DescribedGroupMember {
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * The client id the member joined with.
   */
  'clientId'?: (string);
  /**
   * The client's host (address) as the coordinator saw it.
   */
  'clientHost'?: (string);
  /**
   * The member's metadata for the chosen protocol.
   */
  'memberMetadata'?: (Buffer | Uint8Array | string);
  /**
   * The member's current assignment.
   */
  'memberAssignment'?: (Buffer | Uint8Array | string);
}

/**
 * A member of a described group.
 */
export interface DescribedGroupMember__Output {
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * The client id the member joined with.
   */
  'clientId': (string);
  /**
   * The client's host (address) as the coordinator saw it.
   */
  'clientHost': (string);
  /**
   * The member's metadata for the chosen protocol.
   */
  'memberMetadata': (Buffer);
  /**
   * The member's current assignment.
   */
  'memberAssignment': (Buffer);
}
