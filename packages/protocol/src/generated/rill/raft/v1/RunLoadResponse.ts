// Original file: rill/raft/v1/raft_bench_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * What a load measured, on the member's own clock.
 */
export interface RunLoadResponse {
  /**
   * Proposals committed.
   */
  'committed'?: (number | string | Long);
  /**
   * Proposals that failed (not leader, leadership lost, timeout).
   */
  'failed'?: (number | string | Long);
  /**
   * From the first proposal to the last commit.
   */
  'elapsedMs'?: (number | string);
  /**
   * Median time from propose to commit.
   */
  'latencyP50Ms'?: (number | string);
  /**
   * 99th percentile time from propose to commit.
   */
  'latencyP99Ms'?: (number | string);
  /**
   * Longest time from propose to commit.
   */
  'latencyMaxMs'?: (number | string);
}

/**
 * What a load measured, on the member's own clock.
 */
export interface RunLoadResponse__Output {
  /**
   * Proposals committed.
   */
  'committed': (number);
  /**
   * Proposals that failed (not leader, leadership lost, timeout).
   */
  'failed': (number);
  /**
   * From the first proposal to the last commit.
   */
  'elapsedMs': (number);
  /**
   * Median time from propose to commit.
   */
  'latencyP50Ms': (number);
  /**
   * 99th percentile time from propose to commit.
   */
  'latencyP99Ms': (number);
  /**
   * Longest time from propose to commit.
   */
  'latencyMaxMs': (number);
}
