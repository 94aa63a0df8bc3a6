// Original file: rill/controller/v1/controller_service.proto

import type { AlterConfigsResourceResult as _rill_controller_v1_AlterConfigsResourceResult, AlterConfigsResourceResult__Output as _rill_controller_v1_AlterConfigsResourceResult__Output } from '../../../rill/controller/v1/AlterConfigsResourceResult.js';

/**
 * The result of AlterConfigs.
 */
export interface AlterConfigsResponse {
  /**
   * One result per requested resource.
   */
  'results'?: (_rill_controller_v1_AlterConfigsResourceResult)[];
}

/**
 * The result of AlterConfigs.
 */
export interface AlterConfigsResponse__Output {
  /**
   * One result per requested resource.
   */
  'results': (_rill_controller_v1_AlterConfigsResourceResult__Output)[];
}
