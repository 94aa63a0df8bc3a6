// Original file: rill/broker/v1/produce.proto

import type { RecordError as _rill_broker_v1_RecordError, RecordError__Output as _rill_broker_v1_RecordError__Output } from '../../../rill/broker/v1/RecordError.js';
import type { LeaderHint as _rill_common_v1_LeaderHint, LeaderHint__Output as _rill_common_v1_LeaderHint__Output } from '../../../rill/common/v1/LeaderHint.js';
import type { DurabilityInfo as _rill_broker_v1_DurabilityInfo, DurabilityInfo__Output as _rill_broker_v1_DurabilityInfo__Output } from '../../../rill/broker/v1/DurabilityInfo.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The outcome for one partition of a produce request.
 */
export interface ProducePartitionResponse {
  /**
   * The partition index.
   */
  'index'?: (number);
  /**
   * The error code; 0 (NONE) on success. REQUEST_TIMED_OUT means the outcome is unknown (the
   * records may still become committed); see the error codes for which errors mean "not appended".
   */
  'errorCode'?: (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage'?: (string);
  /**
   * The offset assigned to the first record; -1 on error or with ACKS_NONE.
   */
  'baseOffset'?: (number | string | Long);
  /**
   * The append time (Unix ms) when the topic uses LogAppendTime; -1 with CreateTime.
   */
  'logAppendTimeMs'?: (number | string | Long);
  /**
   * The partition's log start offset.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * Records that failed validation (error_code INVALID_RECORD); the whole batch was rejected.
   */
  'recordErrors'?: (_rill_broker_v1_RecordError)[];
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader'?: (_rill_common_v1_LeaderHint | null);
  /**
   * The durability reached; absent on error.
   */
  'durability'?: (_rill_broker_v1_DurabilityInfo | null);
  /**
   * The leader epoch the records were appended in (the leader's epoch when it answered);
   * -1 on error or with ACKS_NONE.
   */
  'leaderEpoch'?: (number);
}

/**
 * The outcome for one partition of a produce request.
 */
export interface ProducePartitionResponse__Output {
  /**
   * The partition index.
   */
  'index': (number);
  /**
   * The error code; 0 (NONE) on success. REQUEST_TIMED_OUT means the outcome is unknown (the
   * records may still become committed); see the error codes for which errors mean "not appended".
   */
  'errorCode': (number);
  /**
   * The error message; empty on success.
   */
  'errorMessage': (string);
  /**
   * The offset assigned to the first record; -1 on error or with ACKS_NONE.
   */
  'baseOffset': (number);
  /**
   * The append time (Unix ms) when the topic uses LogAppendTime; -1 with CreateTime.
   */
  'logAppendTimeMs': (number);
  /**
   * The partition's log start offset.
   */
  'logStartOffset': (number);
  /**
   * Records that failed validation (error_code INVALID_RECORD); the whole batch was rejected.
   */
  'recordErrors': (_rill_broker_v1_RecordError__Output)[];
  /**
   * Where the leader is, when error_code is NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH.
   */
  'currentLeader': (_rill_common_v1_LeaderHint__Output | null);
  /**
   * The durability reached; absent on error.
   */
  'durability': (_rill_broker_v1_DurabilityInfo__Output | null);
  /**
   * The leader epoch the records were appended in (the leader's epoch when it answered);
   * -1 on error or with ACKS_NONE.
   */
  'leaderEpoch': (number);
}
