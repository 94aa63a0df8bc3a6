// Original file: rill/controller/v1/controller_service.proto

import type { ElectLeadersPartitionResult as _rill_controller_v1_ElectLeadersPartitionResult, ElectLeadersPartitionResult__Output as _rill_controller_v1_ElectLeadersPartitionResult__Output } from '../../../rill/controller/v1/ElectLeadersPartitionResult.js';

/**
 * The result of ElectLeaders.
 */
export interface ElectLeadersResponse {
  /**
   * One result per partition considered.
   */
  'results'?: (_rill_controller_v1_ElectLeadersPartitionResult)[];
}

/**
 * The result of ElectLeaders.
 */
export interface ElectLeadersResponse__Output {
  /**
   * One result per partition considered.
   */
  'results': (_rill_controller_v1_ElectLeadersPartitionResult__Output)[];
}
