// Original file: rill/replication/v1/replication_service.proto

import type { FollowerFetchTopic as _rill_replication_v1_FollowerFetchTopic, FollowerFetchTopic__Output as _rill_replication_v1_FollowerFetchTopic__Output } from '../../../rill/replication/v1/FollowerFetchTopic.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One fetch round from a follower.
 */
export interface FollowerFetchRequest {
  /**
   * Chosen by the follower, increasing on the stream; echoed in the answer.
   */
  'fetchId'?: (number | string | Long);
  /**
   * The follower's node id.
   */
  'replicaId'?: (number);
  /**
   * The follower's broker epoch; a stale one ends the stream with STALE_BROKER_EPOCH.
   */
  'brokerEpoch'?: (number | string | Long);
  /**
   * The longest the leader may wait for min_bytes before answering with what it has.
   */
  'maxWaitMs'?: (number);
  /**
   * The least number of record bytes worth answering with (before max_wait_ms).
   */
  'minBytes'?: (number);
  /**
   * The most record bytes in the whole answer; at least one batch even if larger.
   */
  'maxBytes'?: (number);
  /**
   * The partitions, by topic.
   */
  'topics'?: (_rill_replication_v1_FollowerFetchTopic)[];
  /**
   * A progress report, not a fetch round: the follower's position and durable offsets (sent when
   * an fsync completes, while a round may be held on the leader). The leader applies it at once
   * (high watermark, waiting produces and fetches) and sends no answer; fetch_id, max_wait_ms,
   * min_bytes, max_bytes and partition_max_bytes are ignored.
   */
  'progressOnly'?: (boolean);
}

/**
 * One fetch round from a follower.
 */
export interface FollowerFetchRequest__Output {
  /**
   * Chosen by the follower, increasing on the stream; echoed in the answer.
   */
  'fetchId': (number);
  /**
   * The follower's node id.
   */
  'replicaId': (number);
  /**
   * The follower's broker epoch; a stale one ends the stream with STALE_BROKER_EPOCH.
   */
  'brokerEpoch': (number);
  /**
   * The longest the leader may wait for min_bytes before answering with what it has.
   */
  'maxWaitMs': (number);
  /**
   * The least number of record bytes worth answering with (before max_wait_ms).
   */
  'minBytes': (number);
  /**
   * The most record bytes in the whole answer; at least one batch even if larger.
   */
  'maxBytes': (number);
  /**
   * The partitions, by topic.
   */
  'topics': (_rill_replication_v1_FollowerFetchTopic__Output)[];
  /**
   * A progress report, not a fetch round: the follower's position and durable offsets (sent when
   * an fsync completes, while a round may be held on the leader). The leader applies it at once
   * (high watermark, waiting produces and fetches) and sends no answer; fetch_id, max_wait_ms,
   * min_bytes, max_bytes and partition_max_bytes are ignored.
   */
  'progressOnly': (boolean);
}
