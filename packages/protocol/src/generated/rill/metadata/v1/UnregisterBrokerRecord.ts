// Original file: rill/metadata/v1/records.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A broker left the cluster for good (decommissioned).
 */
export interface UnregisterBrokerRecord {
  /**
   * The broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The epoch of the registration being removed.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * A broker left the cluster for good (decommissioned).
 */
export interface UnregisterBrokerRecord__Output {
  /**
   * The broker's node id.
   */
  'brokerId': (number);
  /**
   * The epoch of the registration being removed.
   */
  'brokerEpoch': (number);
}
