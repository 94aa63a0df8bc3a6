// Original file: rill/controller/v1/controller_service.proto


/**
 * Describe the cluster.
 */
export interface DescribeClusterRequest {
  /**
   * When true, fenced brokers are listed too.
   */
  'includeFencedBrokers'?: (boolean);
}

/**
 * Describe the cluster.
 */
export interface DescribeClusterRequest__Output {
  /**
   * When true, fenced brokers are listed too.
   */
  'includeFencedBrokers': (boolean);
}
