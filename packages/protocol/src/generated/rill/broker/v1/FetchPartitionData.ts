// Original file: rill/broker/v1/fetch.proto

import type { AbortedTransaction as _rill_broker_v1_AbortedTransaction, AbortedTransaction__Output as _rill_broker_v1_AbortedTransaction__Output } from '../../../rill/broker/v1/AbortedTransaction.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from '../../../rill/common/v1/LeaderHint.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The data for one partition.
 */
export interface FetchPartitionData {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The error code (e.g. OFFSET_OUT_OF_RANGE, NOT_LEADER_OR_FOLLOWER); 0 (NONE) on success.
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The high watermark: the offset after the last committed record.
   */
  'highWatermark'?: (number | string | Long);
  /**
   * The last stable offset: the offset after which no transaction is open.
   */
  'lastStableOffset'?: (number | string | Long);
  /**
   * The log start offset.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * Aborted transactions within the returned records (READ_COMMITTED only).
   */
  'abortedTransactions'?: (_rill_broker_v1_AbortedTransaction)[];
  /**
   * The replica the client should read from next; -1 for the leader.
   */
  'preferredReadReplica'?: (number);
  /**
   * Whole RecordBatch v2 batches, concatenated; empty when there is nothing new.
   */
  'records'?: (Buffer | Uint8Array | string);
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader'?: (_rill_common_v1_LeaderHint | null);
}

/**
 * The data for one partition.
 */
export interface FetchPartitionData__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The error code (e.g. OFFSET_OUT_OF_RANGE, NOT_LEADER_OR_FOLLOWER); 0 (NONE) on success.
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The high watermark: the offset after the last committed record.
   */
  'highWatermark': (number);
  /**
   * The last stable offset: the offset after which no transaction is open.
   */
  'lastStableOffset': (number);
  /**
   * The log start offset.
   */
  'logStartOffset': (number);
  /**
   * Aborted transactions within the returned records (READ_COMMITTED only).
   */
  'abortedTransactions': (_rill_broker_v1_AbortedTransaction__Output)[];
  /**
   * The replica the client should read from next; -1 for the leader.
   */
  'preferredReadReplica': (number);
  /**
   * Whole RecordBatch v2 batches, concatenated; empty when there is nothing new.
   */
  'records': (Buffer);
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader': (_rill_common_v1_LeaderHint__Output | null);
}
