// Original file: rill/group/v1/group_service.proto


/**
 * Delete groups.
 */
export interface DeleteGroupsRequest {
  /**
   * The group ids.
   */
  'groupIds'?: (string)[];
}

/**
 * Delete groups.
 */
export interface DeleteGroupsRequest__Output {
  /**
   * The group ids.
   */
  'groupIds': (string)[];
}
