// Original file: rill/broker/v1/broker_service.proto

import type { Node as _rill_common_v1_Node, Node__Output as _rill_common_v1_Node__Output } from '../../../rill/common/v1/Node.js';
import type { TopicMetadata as _rill_broker_v1_TopicMetadata, TopicMetadata__Output as _rill_broker_v1_TopicMetadata__Output } from '../../../rill/broker/v1/TopicMetadata.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The result of Metadata.
 */
export interface MetadataResponse {
  /**
   * The live (unfenced) brokers, with their client endpoints.
   */
  'brokers'?: (_rill_common_v1_Node)[];
  /**
   * The cluster id.
   */
  'clusterId'?: (string);
  /**
   * The active controller's node id; -1 when unknown.
   */
  'controllerId'?: (number);
  /**
   * The requested topics.
   */
  'topics'?: (_rill_broker_v1_TopicMetadata)[];
  /**
   * The offset of the last metadata record the broker has applied; lets a client tell a newer
   * answer from an older one.
   */
  'metadataOffset'?: (number | string | Long);
}

/**
 * The result of Metadata.
 */
export interface MetadataResponse__Output {
  /**
   * The live (unfenced) brokers, with their client endpoints.
   */
  'brokers': (_rill_common_v1_Node__Output)[];
  /**
   * The cluster id.
   */
  'clusterId': (string);
  /**
   * The active controller's node id; -1 when unknown.
   */
  'controllerId': (number);
  /**
   * The requested topics.
   */
  'topics': (_rill_broker_v1_TopicMetadata__Output)[];
  /**
   * The offset of the last metadata record the broker has applied; lets a client tell a newer
   * answer from an older one.
   */
  'metadataOffset': (number);
}
