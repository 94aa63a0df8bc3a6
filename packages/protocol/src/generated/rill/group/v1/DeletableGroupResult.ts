// Original file: rill/group/v1/group_service.proto


/**
 * The outcome for one group.
 */
export interface DeletableGroupResult {
  /**
   * The group id.
   */
  'groupId'?: (string);
  /**
   * The error code (e.g. NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The outcome for one group.
 */
export interface DeletableGroupResult__Output {
  /**
   * The group id.
   */
  'groupId': (string);
  /**
   * The error code (e.g. NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
