// Original file: rill/controller/v1/controller_types.proto

import type { ConfigResourceType as _rill_controller_v1_ConfigResourceType, ConfigResourceType__Output as _rill_controller_v1_ConfigResourceType__Output } from '../../../rill/controller/v1/ConfigResourceType.js';

/**
 * One resource whose configs to describe.
 */
export interface DescribeConfigsResource {
  /**
   * The resource type.
   */
  'resourceType'?: (_rill_controller_v1_ConfigResourceType);
  /**
   * The resource name.
   */
  'resourceName'?: (string);
  /**
   * The config names to describe; empty means all.
   */
  'configNames'?: (string)[];
}

/**
 * One resource whose configs to describe.
 */
export interface DescribeConfigsResource__Output {
  /**
   * The resource type.
   */
  'resourceType': (_rill_controller_v1_ConfigResourceType__Output);
  /**
   * The resource name.
   */
  'resourceName': (string);
  /**
   * The config names to describe; empty means all.
   */
  'configNames': (string)[];
}
