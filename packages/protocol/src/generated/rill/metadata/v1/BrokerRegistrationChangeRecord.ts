// Original file: rill/metadata/v1/records.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A change of a broker's registration state; unset fields are unchanged.
 */
export interface BrokerRegistrationChangeRecord {
  /**
   * The broker's node id.
   */
  'brokerId'?: (number);
  /**
   * The epoch of the registration being changed.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The new fenced state, when it changes.
   */
  'fenced'?: (boolean);
  /**
   * The new controlled-shutdown state, when it changes.
   */
  'inControlledShutdown'?: (boolean);
  '_fenced'?: "fenced";
  '_inControlledShutdown'?: "inControlledShutdown";
}

/**
 * A change of a broker's registration state; unset fields are unchanged.
 */
export interface BrokerRegistrationChangeRecord__Output {
  /**
   * The broker's node id.
   */
  'brokerId': (number);
  /**
   * The epoch of the registration being changed.
   */
  'brokerEpoch': (number);
  /**
   * The new fenced state, when it changes.
   */
  'fenced'?: (boolean);
  /**
   * The new controlled-shutdown state, when it changes.
   */
  'inControlledShutdown'?: (boolean);
  '_fenced'?: "fenced";
  '_inControlledShutdown'?: "inControlledShutdown";
}
