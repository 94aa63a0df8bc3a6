// Original file: rill/controller/v1/controller_types.proto

import type { ControllerRole as _rill_controller_v1_ControllerRole, ControllerRole__Output as _rill_controller_v1_ControllerRole__Output } from '../../../rill/controller/v1/ControllerRole.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A member of the controller quorum.
 */
export interface ControllerDescription {
  /**
   * The controller's node id.
   */
  'nodeId'?: (number);
  /**
   * The controller's host.
   */
  'host'?: (string);
  /**
   * The controller's port.
   */
  'port'?: (number);
  /**
   * The controller's Raft role, as seen by the answering controller.
   */
  'role'?: (_rill_controller_v1_ControllerRole);
  /**
   * The controller's log end offset, as last reported to the leader; -1 when unknown.
   */
  'logEndOffset'?: (number | string | Long);
  /**
   * How many records the controller's log is behind the leader's; -1 when unknown.
   */
  'lag'?: (number | string | Long);
  /**
   * When the controller last fetched from the leader (Unix ms); -1 when unknown.
   */
  'lastFetchTimestampMs'?: (number | string | Long);
  /**
   * When the controller was last caught up with the leader (Unix ms); -1 when unknown.
   */
  'lastCaughtUpTimestampMs'?: (number | string | Long);
}

/**
 * A member of the controller quorum.
 */
export interface ControllerDescription__Output {
  /**
   * The controller's node id.
   */
  'nodeId': (number);
  /**
   * The controller's host.
   */
  'host': (string);
  /**
   * The controller's port.
   */
  'port': (number);
  /**
   * The controller's Raft role, as seen by the answering controller.
   */
  'role': (_rill_controller_v1_ControllerRole__Output);
  /**
   * The controller's log end offset, as last reported to the leader; -1 when unknown.
   */
  'logEndOffset': (number);
  /**
   * How many records the controller's log is behind the leader's; -1 when unknown.
   */
  'lag': (number);
  /**
   * When the controller last fetched from the leader (Unix ms); -1 when unknown.
   */
  'lastFetchTimestampMs': (number);
  /**
   * When the controller was last caught up with the leader (Unix ms); -1 when unknown.
   */
  'lastCaughtUpTimestampMs': (number);
}
