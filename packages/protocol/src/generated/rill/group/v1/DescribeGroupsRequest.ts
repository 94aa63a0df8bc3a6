// Original file: rill/group/v1/group_service.proto


/**
 * Describe groups.
 */
export interface DescribeGroupsRequest {
  /**
   * The group ids.
   */
  'groupIds'?: (string)[];
}

/**
 * Describe groups.
 */
export interface DescribeGroupsRequest__Output {
  /**
   * The group ids.
   */
  'groupIds': (string)[];
}
