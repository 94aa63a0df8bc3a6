// Original file: rill/controller/v1/controller_types.proto

/**
 * The kind of resource a config belongs to.
 */
export const ConfigResourceType = {
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  CONFIG_RESOURCE_TYPE_UNSPECIFIED: 'CONFIG_RESOURCE_TYPE_UNSPECIFIED',
  /**
   * A topic; the resource name is the topic name.
   */
  CONFIG_RESOURCE_TYPE_TOPIC: 'CONFIG_RESOURCE_TYPE_TOPIC',
  /**
   * A broker; the resource name is the node id, or empty for the cluster-wide default.
   */
  CONFIG_RESOURCE_TYPE_BROKER: 'CONFIG_RESOURCE_TYPE_BROKER',
  /**
   * A consumer group; the resource name is the group id. (It was 3, which the metadata records'
   * enum uses for CLUSTER; 3 is reserved here so each number means one thing across our protos.
   * Group configs were refused then and are now, so no caller sees a different outcome.)
   */
  CONFIG_RESOURCE_TYPE_GROUP: 'CONFIG_RESOURCE_TYPE_GROUP',
} as const;

/**
 * The kind of resource a config belongs to.
 */
export type ConfigResourceType =
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  | 'CONFIG_RESOURCE_TYPE_UNSPECIFIED'
  | 0
  /**
   * A topic; the resource name is the topic name.
   */
  | 'CONFIG_RESOURCE_TYPE_TOPIC'
  | 1
  /**
   * A broker; the resource name is the node id, or empty for the cluster-wide default.
   */
  | 'CONFIG_RESOURCE_TYPE_BROKER'
  | 2
  /**
   * A consumer group; the resource name is the group id. (It was 3, which the metadata records'
   * enum uses for CLUSTER; 3 is reserved here so each number means one thing across our protos.
   * Group configs were refused then and are now, so no caller sees a different outcome.)
   */
  | 'CONFIG_RESOURCE_TYPE_GROUP'
  | 4

/**
 * The kind of resource a config belongs to.
 */
export type ConfigResourceType__Output = typeof ConfigResourceType[keyof typeof ConfigResourceType]
