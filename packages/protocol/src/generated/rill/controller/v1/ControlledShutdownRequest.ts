// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A stopping broker asks for its leaderships to be moved.
 */
export interface ControlledShutdownRequest {
  /**
   * The stopping broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The stopping broker's epoch.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * A stopping broker asks for its leaderships to be moved.
 */
export interface ControlledShutdownRequest__Output {
  /**
   * The stopping broker's node id.
   */
  'brokerId': (number);
  /**
   * The stopping broker's epoch.
   */
  'brokerEpoch': (number);
}
