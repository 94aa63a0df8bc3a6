// Original file: rill/controller/v1/controller_types.proto

import type { ConfigResourceType as _rill_controller_v1_ConfigResourceType, ConfigResourceType__Output as _rill_controller_v1_ConfigResourceType__Output } from '../../../rill/controller/v1/ConfigResourceType.js';
import type { DescribedConfig as _rill_controller_v1_DescribedConfig, DescribedConfig__Output as _rill_controller_v1_DescribedConfig__Output } from '../../../rill/controller/v1/DescribedConfig.js';

/**
 * The configs of one resource.
 */
export interface DescribeConfigsResult {
  /**
   * The resource type.
   */
  'resourceType'?: (_rill_controller_v1_ConfigResourceType);
  /**
   * The resource name.
   */
  'resourceName'?: (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The configs.
   */
  'configs'?: (_rill_controller_v1_DescribedConfig)[];
}

/**
 * The configs of one resource.
 */
export interface DescribeConfigsResult__Output {
  /**
   * The resource type.
   */
  'resourceType': (_rill_controller_v1_ConfigResourceType__Output);
  /**
   * The resource name.
   */
  'resourceName': (string);
  /**
   * The error code; 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The configs.
   */
  'configs': (_rill_controller_v1_DescribedConfig__Output)[];
}
