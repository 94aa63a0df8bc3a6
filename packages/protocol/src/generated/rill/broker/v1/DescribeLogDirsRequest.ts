// Original file: rill/broker/v1/broker_service.proto


/**
 * Describe the partition logs on this broker.
 */
export interface DescribeLogDirsRequest {
  /**
   * The topics to describe; empty means every partition log on the broker.
   */
  'topics'?: (string)[];
}

/**
 * Describe the partition logs on this broker.
 */
export interface DescribeLogDirsRequest__Output {
  /**
   * The topics to describe; empty means every partition log on the broker.
   */
  'topics': (string)[];
}
