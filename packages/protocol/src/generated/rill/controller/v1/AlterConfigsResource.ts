// Original file: rill/controller/v1/controller_types.proto

import type { ConfigResourceType as _rill_controller_v1_ConfigResourceType, ConfigResourceType__Output as _rill_controller_v1_ConfigResourceType__Output } from '../../../rill/controller/v1/ConfigResourceType.js';
import type { AlterableConfig as _rill_controller_v1_AlterableConfig, AlterableConfig__Output as _rill_controller_v1_AlterableConfig__Output } from '../../../rill/controller/v1/AlterableConfig.js';

/**
 * The config changes for one resource; applied all or nothing.
 */
export interface AlterConfigsResource {
  /**
   * The resource type.
   */
  'resourceType'?: (_rill_controller_v1_ConfigResourceType);
  /**
   * The resource name.
   */
  'resourceName'?: (string);
  /**
   * The changes.
   */
  'configs'?: (_rill_controller_v1_AlterableConfig)[];
}

/**
 * The config changes for one resource; applied all or nothing.
 */
export interface AlterConfigsResource__Output {
  /**
   * The resource type.
   */
  'resourceType': (_rill_controller_v1_ConfigResourceType__Output);
  /**
   * The resource name.
   */
  'resourceName': (string);
  /**
   * The changes.
   */
  'configs': (_rill_controller_v1_AlterableConfig__Output)[];
}
