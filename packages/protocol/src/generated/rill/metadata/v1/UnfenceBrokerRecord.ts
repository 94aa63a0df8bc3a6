// Original file: rill/metadata/v1/records.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A broker was unfenced after catching up with the metadata log.
 */
export interface UnfenceBrokerRecord {
  /**
   * The broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The epoch of the registration being unfenced.
   */
  'brokerEpoch'?: (number | string | Long);
}

/**
 * A broker was unfenced after catching up with the metadata log.
 */
export interface UnfenceBrokerRecord__Output {
  /**
   * The broker's node id.
   */
  'brokerId': (number);
  /**
   * The epoch of the registration being unfenced.
   */
  'brokerEpoch': (number);
}
