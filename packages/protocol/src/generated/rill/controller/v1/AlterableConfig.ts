// Original file: rill/controller/v1/controller_types.proto

import type { AlterConfigOp as _rill_controller_v1_AlterConfigOp, AlterConfigOp__Output as _rill_controller_v1_AlterConfigOp__Output } from '../../../rill/controller/v1/AlterConfigOp.js';

/**
 * One config change.
 */
export interface AlterableConfig {
  /**
   * The config name.
   */
  'name'?: (string);
  /**
   * The operation.
   */
  'op'?: (_rill_controller_v1_AlterConfigOp);
  /**
   * The value for SET, APPEND and SUBTRACT; ignored for DELETE.
   */
  'value'?: (string);
}

/**
 * One config change.
 */
export interface AlterableConfig__Output {
  /**
   * The config name.
   */
  'name': (string);
  /**
   * The operation.
   */
  'op': (_rill_controller_v1_AlterConfigOp__Output);
  /**
   * The value for SET, APPEND and SUBTRACT; ignored for DELETE.
   */
  'value': (string);
}
