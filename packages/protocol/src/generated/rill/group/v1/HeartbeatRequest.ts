// Original file: rill/group/v1/group_service.proto


/**
 * A member's heartbeat.
 */
export interface HeartbeatRequest {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The generation the member is in.
   */
  'generationId'?: (number);
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId'?: (string);
}

/**
 * A member's heartbeat.
 */
export interface HeartbeatRequest__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The generation the member is in.
   */
  'generationId': (number);
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The static instance id; empty for a dynamic member.
   */
  'groupInstanceId': (string);
}
