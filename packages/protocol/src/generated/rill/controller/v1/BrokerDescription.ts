// Original file: rill/controller/v1/controller_types.proto

import type { Endpoint as _rill_common_v1_Endpoint, Endpoint__Output as _rill_common_v1_Endpoint__Output } from '../../../rill/common/v1/Endpoint.js';
import type { BrokerState as _rill_controller_v1_BrokerState, BrokerState__Output as _rill_controller_v1_BrokerState__Output } from '../../../rill/controller/v1/BrokerState.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A registered broker.
 */
export interface BrokerDescription {
  /**
   * The broker's node id.
   */
  'nodeId'?: (number);
  /**
   * The broker's endpoints.
   */
  'endpoints'?: (_rill_common_v1_Endpoint)[];
  /**
   * The broker's rack; empty when none.
   */
  'rack'?: (string);
  /**
   * The broker epoch of the current registration.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The incarnation id of the current registration.
   */
  'incarnationId'?: (string);
  /**
   * The broker's state.
   */
  'state'?: (_rill_controller_v1_BrokerState);
  /**
   * The offset of the last metadata record the broker reported as applied; -1 when unknown.
   */
  'metadataOffset'?: (number | string | Long);
}

/**
 * A registered broker.
 */
export interface BrokerDescription__Output {
  /**
   * The broker's node id.
   */
  'nodeId': (number);
  /**
   * The broker's endpoints.
   */
  'endpoints': (_rill_common_v1_Endpoint__Output)[];
  /**
   * The broker's rack; empty when none.
   */
  'rack': (string);
  /**
   * The broker epoch of the current registration.
   */
  'brokerEpoch': (number);
  /**
   * The incarnation id of the current registration.
   */
  'incarnationId': (string);
  /**
   * The broker's state.
   */
  'state': (_rill_controller_v1_BrokerState__Output);
  /**
   * The offset of the last metadata record the broker reported as applied; -1 when unknown.
   */
  'metadataOffset': (number);
}
