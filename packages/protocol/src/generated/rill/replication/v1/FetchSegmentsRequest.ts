// Original file: rill/replication/v1/replication_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Ask for the leader's sealed segments from a segment boundary.
 */
export interface FetchSegmentsRequest {
  /**
   * The follower's node id.
   */
  'replicaId'?: (number);
  /**
   * The follower's broker epoch; a stale one fails the call with STALE_BROKER_EPOCH.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The topic id (a UUID in text form).
   */
  'topicId'?: (string);
  /**
   * The topic name.
   */
  'topic'?: (string);
  /**
   * The partition index.
   */
  'partition'?: (number);
  /**
   * The leader epoch the follower knows; a stale one gets FENCED_LEADER_EPOCH.
   */
  'currentLeaderEpoch'?: (number);
  /**
   * The base offset of the first segment wanted: the follower's (empty) log end. Below the
   * leader's first segment, the copy starts at the leader's first segment.
   */
  'startOffset'?: (number | string | Long);
  /**
   * Bytes of that first segment's log file the follower already holds durably (a resumed
   * copy); the leader sends its log file from there. 0 for a fresh copy.
   */
  'resumePosition'?: (number | string | Long);
}

/**
 * Ask for the leader's sealed segments from a segment boundary.
 */
export interface FetchSegmentsRequest__Output {
  /**
   * The follower's node id.
   */
  'replicaId': (number);
  /**
   * The follower's broker epoch; a stale one fails the call with STALE_BROKER_EPOCH.
   */
  'brokerEpoch': (number);
  /**
   * The topic id (a UUID in text form).
   */
  'topicId': (string);
  /**
   * The topic name.
   */
  'topic': (string);
  /**
   * The partition index.
   */
  'partition': (number);
  /**
   * The leader epoch the follower knows; a stale one gets FENCED_LEADER_EPOCH.
   */
  'currentLeaderEpoch': (number);
  /**
   * The base offset of the first segment wanted: the follower's (empty) log end. Below the
   * leader's first segment, the copy starts at the leader's first segment.
   */
  'startOffset': (number);
  /**
   * Bytes of that first segment's log file the follower already holds durably (a resumed
   * copy); the leader sends its log file from there. 0 for a fresh copy.
   */
  'resumePosition': (number);
}
