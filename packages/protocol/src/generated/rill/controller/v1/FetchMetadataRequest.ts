// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A broker (or an observer tool) asks to follow the metadata log.
 */
export interface FetchMetadataRequest {
  /**
   * The follower's node id; -1 for tools that are not brokers.
   */
  'nodeId'?: (number);
  /**
   * The broker epoch; -1 for tools that are not brokers.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The offset of the next record the follower wants; -1 to start from the latest snapshot.
   * When the log no longer holds that offset (compacted into a snapshot), the stream starts with
   * a snapshot instead.
   */
  'fetchOffset'?: (number | string | Long);
  /**
   * An upper bound on the encoded records in one response message, in bytes; 0 = server default.
   */
  'maxBytes'?: (number);
}

/**
 * A broker (or an observer tool) asks to follow the metadata log.
 */
export interface FetchMetadataRequest__Output {
  /**
   * The follower's node id; -1 for tools that are not brokers.
   */
  'nodeId': (number);
  /**
   * The broker epoch; -1 for tools that are not brokers.
   */
  'brokerEpoch': (number);
  /**
   * The offset of the next record the follower wants; -1 to start from the latest snapshot.
   * When the log no longer holds that offset (compacted into a snapshot), the stream starts with
   * a snapshot instead.
   */
  'fetchOffset': (number);
  /**
   * An upper bound on the encoded records in one response message, in bytes; 0 = server default.
   */
  'maxBytes': (number);
}
