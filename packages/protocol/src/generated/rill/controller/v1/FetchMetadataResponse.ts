// Original file: rill/controller/v1/controller_service.proto

import type { MetadataSnapshotChunk as _rill_controller_v1_MetadataSnapshotChunk, MetadataSnapshotChunk__Output as _rill_controller_v1_MetadataSnapshotChunk__Output } from '../../../rill/controller/v1/MetadataSnapshotChunk.js';
import type { MetadataDeltas as _rill_controller_v1_MetadataDeltas, MetadataDeltas__Output as _rill_controller_v1_MetadataDeltas__Output } from '../../../rill/controller/v1/MetadataDeltas.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One message of the metadata stream: part of a snapshot, or committed deltas.
 */
export interface FetchMetadataResponse {
  /**
   * A chunk of a snapshot; the follower replaces its state once the last chunk has arrived.
   */
  'snapshotChunk'?: (_rill_controller_v1_MetadataSnapshotChunk | null);
  /**
   * Committed records following the snapshot or the previous deltas, in offset order.
   */
  'deltas'?: (_rill_controller_v1_MetadataDeltas | null);
  /**
   * The controller's committed offset (Raft commit index) when the message was sent; lets the
   * follower tell whether it is caught up.
   */
  'highWatermark'?: (number | string | Long);
  /**
   * What this message carries.
   */
  'payload'?: "snapshotChunk"|"deltas";
}

/**
 * One message of the metadata stream: part of a snapshot, or committed deltas.
 */
export interface FetchMetadataResponse__Output {
  /**
   * A chunk of a snapshot; the follower replaces its state once the last chunk has arrived.
   */
  'snapshotChunk'?: (_rill_controller_v1_MetadataSnapshotChunk__Output | null);
  /**
   * Committed records following the snapshot or the previous deltas, in offset order.
   */
  'deltas'?: (_rill_controller_v1_MetadataDeltas__Output | null);
  /**
   * The controller's committed offset (Raft commit index) when the message was sent; lets the
   * follower tell whether it is caught up.
   */
  'highWatermark': (number);
  /**
   * What this message carries.
   */
  'payload'?: "snapshotChunk"|"deltas";
}
