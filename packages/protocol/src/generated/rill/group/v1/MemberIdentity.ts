// Original file: rill/group/v1/group_service.proto


/**
 * A member to remove.
 */
export interface MemberIdentity {
  /**
   * The member id; may be empty when group_instance_id is given.
   */
  'memberId'?: (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
  /**
   * Why the member leaves, for logs.
   */
  'reason'?: (string);
}

/**
 * A member to remove.
 */
export interface MemberIdentity__Output {
  /**
   * The member id; may be empty when group_instance_id is given.
   */
  'memberId': (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
  /**
   * Why the member leaves, for logs.
   */
  'reason': (string);
}
