// Original file: rill/group/v1/group_service.proto

import type { Coordinator as _rill_group_v1_Coordinator, Coordinator__Output as _rill_group_v1_Coordinator__Output } from '../../../rill/group/v1/Coordinator.js';

/**
 * The result of FindCoordinator.
 */
export interface FindCoordinatorResponse {
  /**
   * One coordinator per requested key.
   */
  'coordinators'?: (_rill_group_v1_Coordinator)[];
}

/**
 * The result of FindCoordinator.
 */
export interface FindCoordinatorResponse__Output {
  /**
   * One coordinator per requested key.
   */
  'coordinators': (_rill_group_v1_Coordinator__Output)[];
}
