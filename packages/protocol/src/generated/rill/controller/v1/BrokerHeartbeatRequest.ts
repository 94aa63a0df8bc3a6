// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A registered broker's periodic heartbeat.
 */
export interface BrokerHeartbeatRequest {
  /**
   * The broker's node id.
   */
  'nodeId'?: (number);
  /**
   * The broker epoch from RegisterBroker.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The offset of the last metadata record the broker has applied; -1 when none.
   */
  'currentMetadataOffset'?: (number | string | Long);
  /**
   * True when the broker wants to be (or stay) fenced, e.g. while it is still loading its logs.
   */
  'wantFence'?: (boolean);
  /**
   * True when the broker is shutting down and wants its leaderships moved (controlled shutdown).
   */
  'wantShutDown'?: (boolean);
}

/**
 * A registered broker's periodic heartbeat.
 */
export interface BrokerHeartbeatRequest__Output {
  /**
   * The broker's node id.
   */
  'nodeId': (number);
  /**
   * The broker epoch from RegisterBroker.
   */
  'brokerEpoch': (number);
  /**
   * The offset of the last metadata record the broker has applied; -1 when none.
   */
  'currentMetadataOffset': (number);
  /**
   * True when the broker wants to be (or stay) fenced, e.g. while it is still loading its logs.
   */
  'wantFence': (boolean);
  /**
   * True when the broker is shutting down and wants its leaderships moved (controlled shutdown).
   */
  'wantShutDown': (boolean);
}
