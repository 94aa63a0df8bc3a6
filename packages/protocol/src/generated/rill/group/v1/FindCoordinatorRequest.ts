// Original file: rill/group/v1/group_service.proto

import type { CoordinatorType as _rill_group_v1_CoordinatorType, CoordinatorType__Output as _rill_group_v1_CoordinatorType__Output } from '../../../rill/group/v1/CoordinatorType.js';

/**
 * Find coordinators.
 */
export interface FindCoordinatorRequest {
  /**
   * The kind of coordinator.
   */
  'keyType'?: (_rill_group_v1_CoordinatorType);
  /**
   * The group ids (or transactional ids) to look up.
   */
  'keys'?: (string)[];
}

/**
 * Find coordinators.
 */
export interface FindCoordinatorRequest__Output {
  /**
   * The kind of coordinator.
   */
  'keyType': (_rill_group_v1_CoordinatorType__Output);
  /**
   * The group ids (or transactional ids) to look up.
   */
  'keys': (string)[];
}
