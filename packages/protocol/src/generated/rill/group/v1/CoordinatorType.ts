// Original file: rill/group/v1/group_service.proto

/**
 * What a coordinator is looked up for.
 */
export const CoordinatorType = {
  /**
   * Not set; read as COORDINATOR_TYPE_GROUP.
   */
  COORDINATOR_TYPE_UNSPECIFIED: 'COORDINATOR_TYPE_UNSPECIFIED',
  /**
   * A consumer group coordinator.
   */
  COORDINATOR_TYPE_GROUP: 'COORDINATOR_TYPE_GROUP',
  /**
   * A transaction coordinator (for later).
   */
  COORDINATOR_TYPE_TRANSACTION: 'COORDINATOR_TYPE_TRANSACTION',
} as const;

/**
 * What a coordinator is looked up for.
 */
export type CoordinatorType =
  /**
   * Not set; read as COORDINATOR_TYPE_GROUP.
   */
  | 'COORDINATOR_TYPE_UNSPECIFIED'
  | 0
  /**
   * A consumer group coordinator.
   */
  | 'COORDINATOR_TYPE_GROUP'
  | 1
  /**
   * A transaction coordinator (for later).
   */
  | 'COORDINATOR_TYPE_TRANSACTION'
  | 2

/**
 * What a coordinator is looked up for.
 */
export type CoordinatorType__Output = typeof CoordinatorType[keyof typeof CoordinatorType]
