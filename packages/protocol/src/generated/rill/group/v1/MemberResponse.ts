// Original file: rill/group/v1/group_service.proto


/**
 * The outcome for one leaving member.
 */
export interface MemberResponse {
  /**
   * The member id.
   */
  'memberId'?: (string);
  /**
   * The static instance id.
   */
  'groupInstanceId'?: (string);
  /**
   * The error code (e.g. UNKNOWN_MEMBER_ID); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The outcome for one leaving member.
 */
export interface MemberResponse__Output {
  /**
   * The member id.
   */
  'memberId': (string);
  /**
   * The static instance id.
   */
  'groupInstanceId': (string);
  /**
   * The error code (e.g. UNKNOWN_MEMBER_ID); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
