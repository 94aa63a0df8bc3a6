// Original file: rill/broker/v1/broker_service.proto

import type { OffsetSpec as _rill_broker_v1_OffsetSpec, OffsetSpec__Output as _rill_broker_v1_OffsetSpec__Output } from '../../../rill/broker/v1/OffsetSpec.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One partition of a ListOffsets request.
 */
export interface ListOffsetsPartition {
  /**
   * The partition index.
   */
  'partitionIndex'?: (number);
  /**
   * The leader epoch the client knows; -1 to skip the check. A stale one gets FENCED_LEADER_EPOCH.
   */
  'currentLeaderEpoch'?: (number);
  /**
   * Which offset to find.
   */
  'spec'?: (_rill_broker_v1_OffsetSpec);
  /**
   * The timestamp (Unix ms) for OFFSET_SPEC_TIMESTAMP; ignored otherwise.
   */
  'timestampMs'?: (number | string | Long);
}

/**
 * One partition of a ListOffsets request.
 */
export interface ListOffsetsPartition__Output {
  /**
   * The partition index.
   */
  'partitionIndex': (number);
  /**
   * The leader epoch the client knows; -1 to skip the check. A stale one gets FENCED_LEADER_EPOCH.
   */
  'currentLeaderEpoch': (number);
  /**
   * Which offset to find.
   */
  'spec': (_rill_broker_v1_OffsetSpec__Output);
  /**
   * The timestamp (Unix ms) for OFFSET_SPEC_TIMESTAMP; ignored otherwise.
   */
  'timestampMs': (number);
}
