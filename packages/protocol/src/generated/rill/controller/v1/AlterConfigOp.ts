// Original file: rill/controller/v1/controller_types.proto

/**
 * How to change one config.
 */
export const AlterConfigOp = {
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  ALTER_CONFIG_OP_UNSPECIFIED: 'ALTER_CONFIG_OP_UNSPECIFIED',
  /**
   * Set the value.
   */
  ALTER_CONFIG_OP_SET: 'ALTER_CONFIG_OP_SET',
  /**
   * Remove the override, falling back to the next source.
   */
  ALTER_CONFIG_OP_DELETE: 'ALTER_CONFIG_OP_DELETE',
  /**
   * Append to a list-valued config.
   */
  ALTER_CONFIG_OP_APPEND: 'ALTER_CONFIG_OP_APPEND',
  /**
   * Remove from a list-valued config.
   */
  ALTER_CONFIG_OP_SUBTRACT: 'ALTER_CONFIG_OP_SUBTRACT',
} as const;

/**
 * How to change one config.
 */
export type AlterConfigOp =
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  | 'ALTER_CONFIG_OP_UNSPECIFIED'
  | 0
  /**
   * Set the value.
   */
  | 'ALTER_CONFIG_OP_SET'
  | 1
  /**
   * Remove the override, falling back to the next source.
   */
  | 'ALTER_CONFIG_OP_DELETE'
  | 2
  /**
   * Append to a list-valued config.
   */
  | 'ALTER_CONFIG_OP_APPEND'
  | 3
  /**
   * Remove from a list-valued config.
   */
  | 'ALTER_CONFIG_OP_SUBTRACT'
  | 4

/**
 * How to change one config.
 */
export type AlterConfigOp__Output = typeof AlterConfigOp[keyof typeof AlterConfigOp]
