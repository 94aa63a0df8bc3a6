// Original file: rill/controller/v1/controller_service.proto

import type { AlterConfigsResource as _rill_controller_v1_AlterConfigsResource, AlterConfigsResource__Output as _rill_controller_v1_AlterConfigsResource__Output } from '../../../rill/controller/v1/AlterConfigsResource.js';

/**
 * Change configs incrementally.
 */
export interface AlterConfigsRequest {
  /**
   * The resources to change.
   */
  'resources'?: (_rill_controller_v1_AlterConfigsResource)[];
  /**
   * When true, only validate the request; change nothing.
   */
  'validateOnly'?: (boolean);
}

/**
 * Change configs incrementally.
 */
export interface AlterConfigsRequest__Output {
  /**
   * The resources to change.
   */
  'resources': (_rill_controller_v1_AlterConfigsResource__Output)[];
  /**
   * When true, only validate the request; change nothing.
   */
  'validateOnly': (boolean);
}
