// Original file: rill/controller/v1/controller_types.proto

/**
 * Where a config value comes from.
 */
export const ConfigSource = {
  /**
   * Not known.
   */
  CONFIG_SOURCE_UNSPECIFIED: 'CONFIG_SOURCE_UNSPECIFIED',
  /**
   * Set on the resource itself (e.g. a topic override).
   */
  CONFIG_SOURCE_DYNAMIC_RESOURCE: 'CONFIG_SOURCE_DYNAMIC_RESOURCE',
  /**
   * Set as the cluster-wide dynamic default.
   */
  CONFIG_SOURCE_DYNAMIC_DEFAULT: 'CONFIG_SOURCE_DYNAMIC_DEFAULT',
  /**
   * From the node's static config file, environment or flags.
   */
  CONFIG_SOURCE_STATIC: 'CONFIG_SOURCE_STATIC',
  /**
   * The built-in default.
   */
  CONFIG_SOURCE_DEFAULT: 'CONFIG_SOURCE_DEFAULT',
} as const;

/**
 * Where a config value comes from.
 */
export type ConfigSource =
  /**
   * Not known.
   */
  | 'CONFIG_SOURCE_UNSPECIFIED'
  | 0
  /**
   * Set on the resource itself (e.g. a topic override).
   */
  | 'CONFIG_SOURCE_DYNAMIC_RESOURCE'
  | 1
  /**
   * Set as the cluster-wide dynamic default.
   */
  | 'CONFIG_SOURCE_DYNAMIC_DEFAULT'
  | 2
  /**
   * From the node's static config file, environment or flags.
   */
  | 'CONFIG_SOURCE_STATIC'
  | 3
  /**
   * The built-in default.
   */
  | 'CONFIG_SOURCE_DEFAULT'
  | 4

/**
 * Where a config value comes from.
 */
export type ConfigSource__Output = typeof ConfigSource[keyof typeof ConfigSource]
