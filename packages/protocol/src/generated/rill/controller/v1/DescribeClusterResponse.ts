// Original file: rill/controller/v1/controller_service.proto

import type { ControllerDescription as _rill_controller_v1_ControllerDescription, ControllerDescription__Output as _rill_controller_v1_ControllerDescription__Output } from '../../../rill/controller/v1/ControllerDescription.js';
import type { BrokerDescription as _rill_controller_v1_BrokerDescription, BrokerDescription__Output as _rill_controller_v1_BrokerDescription__Output } from '../../../rill/controller/v1/BrokerDescription.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The result of DescribeCluster.
 */
export interface DescribeClusterResponse {
  /**
   * The cluster id.
   */
  'clusterId'?: (string);
  /**
   * The node id of the active controller; -1 when there is none (an election is running).
   */
  'activeControllerId'?: (number);
  /**
   * The current Raft term of the quorum, as seen by the answering controller.
   */
  'raftTerm'?: (number);
  /**
   * The committed offset of the metadata log, as seen by the answering controller.
   */
  'highWatermark'?: (number | string | Long);
  /**
   * The members of the controller quorum.
   */
  'controllers'?: (_rill_controller_v1_ControllerDescription)[];
  /**
   * The registered brokers.
   */
  'brokers'?: (_rill_controller_v1_BrokerDescription)[];
}

/**
 * The result of DescribeCluster.
 */
export interface DescribeClusterResponse__Output {
  /**
   * The cluster id.
   */
  'clusterId': (string);
  /**
   * The node id of the active controller; -1 when there is none (an election is running).
   */
  'activeControllerId': (number);
  /**
   * The current Raft term of the quorum, as seen by the answering controller.
   */
  'raftTerm': (number);
  /**
   * The committed offset of the metadata log, as seen by the answering controller.
   */
  'highWatermark': (number);
  /**
   * The members of the controller quorum.
   */
  'controllers': (_rill_controller_v1_ControllerDescription__Output)[];
  /**
   * The registered brokers.
   */
  'brokers': (_rill_controller_v1_BrokerDescription__Output)[];
}
