// Original file: rill/metadata/v1/records.proto

/**
 * The kind of resource a configuration entry belongs to.
 */
export const ConfigResourceType = {
  /**
   * Not set; never valid in a record.
   */
  CONFIG_RESOURCE_TYPE_UNSPECIFIED: 'CONFIG_RESOURCE_TYPE_UNSPECIFIED',
  /**
   * A topic, named by its topic name.
   */
  CONFIG_RESOURCE_TYPE_TOPIC: 'CONFIG_RESOURCE_TYPE_TOPIC',
  /**
   * A broker, named by its node id in decimal.
   */
  CONFIG_RESOURCE_TYPE_BROKER: 'CONFIG_RESOURCE_TYPE_BROKER',
  /**
   * The whole cluster, named by the empty string (cluster-wide broker defaults).
   */
  CONFIG_RESOURCE_TYPE_CLUSTER: 'CONFIG_RESOURCE_TYPE_CLUSTER',
} as const;

/**
 * The kind of resource a configuration entry belongs to.
 */
export type ConfigResourceType =
  /**
   * Not set; never valid in a record.
   */
  | 'CONFIG_RESOURCE_TYPE_UNSPECIFIED'
  | 0
  /**
   * A topic, named by its topic name.
   */
  | 'CONFIG_RESOURCE_TYPE_TOPIC'
  | 1
  /**
   * A broker, named by its node id in decimal.
   */
  | 'CONFIG_RESOURCE_TYPE_BROKER'
  | 2
  /**
   * The whole cluster, named by the empty string (cluster-wide broker defaults).
   */
  | 'CONFIG_RESOURCE_TYPE_CLUSTER'
  | 3

/**
 * The kind of resource a configuration entry belongs to.
 */
export type ConfigResourceType__Output = typeof ConfigResourceType[keyof typeof ConfigResourceType]
