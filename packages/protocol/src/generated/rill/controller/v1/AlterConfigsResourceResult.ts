// Original file: rill/controller/v1/controller_types.proto

import type { ConfigResourceType as _rill_controller_v1_ConfigResourceType, ConfigResourceType__Output as _rill_controller_v1_ConfigResourceType__Output } from '../../../rill/controller/v1/ConfigResourceType.js';

/**
 * The outcome for one resource of AlterConfigs.
 */
export interface AlterConfigsResourceResult {
  /**
   * The resource type.
   */
  'resourceType'?: (_rill_controller_v1_ConfigResourceType);
  /**
   * The resource name.
   */
  'resourceName'?: (string);
  /**
   * The error code (e.g. INVALID_CONFIG); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
}

/**
 * The outcome for one resource of AlterConfigs.
 */
export interface AlterConfigsResourceResult__Output {
  /**
   * The resource type.
   */
  'resourceType': (_rill_controller_v1_ConfigResourceType__Output);
  /**
   * The resource name.
   */
  'resourceName': (string);
  /**
   * The error code (e.g. INVALID_CONFIG); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
}
