// Original file: rill/metadata/v1/records.proto

import type { BrokerEndpoint as _rill_metadata_v1_BrokerEndpoint, BrokerEndpoint__Output as _rill_metadata_v1_BrokerEndpoint__Output } from '../../../rill/metadata/v1/BrokerEndpoint.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A broker's registration: written when a broker registers (always fenced then) and in snapshots
 * (with its current state).
 */
export interface RegisterBrokerRecord {
  /**
   * The broker's node id.
   */
  'brokerId'?: (number);
  /**
   * A random id the broker chooses at every start; a new one means the broker restarted.
   */
  'incarnationId'?: (string);
  /**
   * The broker epoch: grows with every registration in the cluster; requests carrying an older
   * epoch come from an earlier incarnation and are rejected.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * Where clients and other brokers reach the broker.
   */
  'endpoints'?: (_rill_metadata_v1_BrokerEndpoint)[];
  /**
   * The broker's rack, for rack-aware replica placement; unset when it has none.
   */
  'rack'?: (string);
  /**
   * Whether the broker is fenced (may not lead or be in an ISR it could leave).
   */
  'fenced'?: (boolean);
  /**
   * Whether the broker is in controlled shutdown (leaderships being moved away).
   */
  'inControlledShutdown'?: (boolean);
  /**
   * The log offset of the batch that registered the broker: 0 in the registration itself (the
   * offset is that of the batch holding this record); set in snapshots. The broker stays fenced
   * until it has replayed the log up to this offset.
   */
  'registeredOffset'?: (number | string | Long);
  '_rack'?: "rack";
}

/**
 * A broker's registration: written when a broker registers (always fenced then) and in snapshots
 * (with its current state).
 */
export interface RegisterBrokerRecord__Output {
  /**
   * The broker's node id.
   */
  'brokerId': (number);
  /**
   * A random id the broker chooses at every start; a new one means the broker restarted.
   */
  'incarnationId': (string);
  /**
   * The broker epoch: grows with every registration in the cluster; requests carrying an older
   * epoch come from an earlier incarnation and are rejected.
   */
  'brokerEpoch': (number);
  /**
   * Where clients and other brokers reach the broker.
   */
  'endpoints': (_rill_metadata_v1_BrokerEndpoint__Output)[];
  /**
   * The broker's rack, for rack-aware replica placement; unset when it has none.
   */
  'rack'?: (string);
  /**
   * Whether the broker is fenced (may not lead or be in an ISR it could leave).
   */
  'fenced': (boolean);
  /**
   * Whether the broker is in controlled shutdown (leaderships being moved away).
   */
  'inControlledShutdown': (boolean);
  /**
   * The log offset of the batch that registered the broker: 0 in the registration itself (the
   * offset is that of the batch holding this record); set in snapshots. The broker stays fenced
   * until it has replayed the log up to this offset.
   */
  'registeredOffset': (number);
  '_rack'?: "rack";
}
