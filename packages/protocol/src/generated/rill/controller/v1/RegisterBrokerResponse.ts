// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The registration's outcome.
 */
export interface RegisterBrokerResponse {
  /**
   * The broker epoch: the metadata log offset of the registration record. Sent with every later
   * broker request; a request with an older epoch gets STALE_BROKER_EPOCH.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * The registration's outcome.
 */
export interface RegisterBrokerResponse__Output {
  /**
   * The broker epoch: the metadata log offset of the registration record. Sent with every later
   * broker request; a request with an older epoch gets STALE_BROKER_EPOCH.
   */
  'brokerEpoch': (number);
}
