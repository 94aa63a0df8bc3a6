// Original file: rill/controller/v1/controller_service.proto

import type { Endpoint as _rill_common_v1_Endpoint, Endpoint__Output as _rill_common_v1_Endpoint__Output } from '../../../rill/common/v1/Endpoint.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A starting broker announces itself.
 */
export interface RegisterBrokerRequest {
  /**
   * The broker's node id.
   */
  'nodeId'?: (number);
  /**
   * A random UUID (text form) chosen at every process start; tells a restart from a duplicate broker.
   */
  'incarnationId'?: (string);
  /**
   * The cluster id stored in the broker's data dirs; must match the quorum's (INCONSISTENT_CLUSTER_ID).
   */
  'clusterId'?: (string);
  /**
   * The endpoints the broker listens on.
   */
  'endpoints'?: (_rill_common_v1_Endpoint)[];
  /**
   * The broker's rack; empty when none is configured.
   */
  'rack'?: (string);
  /**
   * The broker epoch of this broker's previous registration, or -1 (lets the controller skip
   * fencing work after a clean restart).
   */
  'previousBrokerEpoch'?: (number | string | Long);
}

/**
 * A starting broker announces itself.
 */
export interface RegisterBrokerRequest__Output {
  /**
   * The broker's node id.
   */
  'nodeId': (number);
  /**
   * A random UUID (text form) chosen at every process start; tells a restart from a duplicate broker.
   */
  'incarnationId': (string);
  /**
   * The cluster id stored in the broker's data dirs; must match the quorum's (INCONSISTENT_CLUSTER_ID).
   */
  'clusterId': (string);
  /**
   * The endpoints the broker listens on.
   */
  'endpoints': (_rill_common_v1_Endpoint__Output)[];
  /**
   * The broker's rack; empty when none is configured.
   */
  'rack': (string);
  /**
   * The broker epoch of this broker's previous registration, or -1 (lets the controller skip
   * fencing work after a clean restart).
   */
  'previousBrokerEpoch': (number);
}
