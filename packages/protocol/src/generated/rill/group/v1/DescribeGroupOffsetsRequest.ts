// Original file: rill/group/v1/group_service.proto


/**
 * Ask for the offsets and lag of groups.
 */
export interface DescribeGroupOffsetsRequest {
  /**
   * The group ids.
   */
  'groupIds'?: (string)[];
}

/**
 * Ask for the offsets and lag of groups.
 */
export interface DescribeGroupOffsetsRequest__Output {
  /**
   * The group ids.
   */
  'groupIds': (string)[];
}
