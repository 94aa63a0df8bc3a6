// Original file: rill/controller/v1/controller_service.proto

import type { DescribeConfigsResult as _rill_controller_v1_DescribeConfigsResult, DescribeConfigsResult__Output as _rill_controller_v1_DescribeConfigsResult__Output } from '../../../rill/controller/v1/DescribeConfigsResult.js';

/**
 * The result of DescribeConfigs.
 */
export interface DescribeConfigsResponse {
  /**
   * One result per requested resource.
   */
  'results'?: (_rill_controller_v1_DescribeConfigsResult)[];
}

/**
 * The result of DescribeConfigs.
 */
export interface DescribeConfigsResponse__Output {
  /**
   * One result per requested resource.
   */
  'results': (_rill_controller_v1_DescribeConfigsResult__Output)[];
}
