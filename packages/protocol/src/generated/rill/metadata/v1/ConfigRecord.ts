// Original file: rill/metadata/v1/records.proto

import type { ConfigResourceType as _rill_metadata_v1_ConfigResourceType, ConfigResourceType__Output as _rill_metadata_v1_ConfigResourceType__Output } from '../../../rill/metadata/v1/ConfigResourceType.js';

/**
 * A configuration entry was set or removed.
 */
export interface ConfigRecord {
  /**
   * The kind of resource.
   */
  'resourceType'?: (_rill_metadata_v1_ConfigResourceType);
  /**
   * The resource's name (see ConfigResourceType).
   */
  'resourceName'?: (string);
  /**
   * The config key, e.g. "retention.ms".
   */
  'key'?: (string);
  /**
   * The new value; unset removes the entry (back to the default).
   */
  'value'?: (string);
  '_value'?: "value";
}

/**
 * A configuration entry was set or removed.
 */
export interface ConfigRecord__Output {
  /**
   * The kind of resource.
   */
  'resourceType': (_rill_metadata_v1_ConfigResourceType__Output);
  /**
   * The resource's name (see ConfigResourceType).
   */
  'resourceName': (string);
  /**
   * The config key, e.g. "retention.ms".
   */
  'key': (string);
  /**
   * The new value; unset removes the entry (back to the default).
   */
  'value'?: (string);
  '_value'?: "value";
}
