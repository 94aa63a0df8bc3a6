// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A broker asks for a block of producer ids.
 */
export interface AllocateProducerIdsRequest {
  /**
   * The asking broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The asking broker's epoch.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * A broker asks for a block of producer ids.
 */
export interface AllocateProducerIdsRequest__Output {
  /**
   * The asking broker's node id.
   */
  'brokerId': (number);
  /**
   * The asking broker's epoch.
   */
  'brokerEpoch': (number);
}
