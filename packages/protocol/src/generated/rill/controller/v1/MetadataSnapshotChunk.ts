// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A part of a metadata snapshot. The follower concatenates the chunks' data in position order;
 * the whole is the encoded snapshot (a rill.metadata.v1.MetadataRecordBatch whose records,
 * applied in order to an empty state, give the state at snapshot_end_offset).
 */
export interface MetadataSnapshotChunk {
  /**
   * The offset of the last record the snapshot covers.
   */
  'snapshotEndOffset'?: (number | string | Long);
  /**
   * The Raft term of the record at snapshot_end_offset.
   */
  'snapshotEpoch'?: (number);
  /**
   * The byte position of this chunk's data in the encoded snapshot.
   */
  'position'?: (number | string | Long);
  /**
   * This chunk's bytes of the encoded snapshot.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * True on the snapshot's last chunk.
   */
  'lastChunk'?: (boolean);
}

/**
 * A part of a metadata snapshot. The follower concatenates the chunks' data in position order;
 * the whole is the encoded snapshot (a rill.metadata.v1.MetadataRecordBatch whose records,
 * applied in order to an empty state, give the state at snapshot_end_offset).
 */
export interface MetadataSnapshotChunk__Output {
  /**
   * The offset of the last record the snapshot covers.
   */
  'snapshotEndOffset': (number);
  /**
   * The Raft term of the record at snapshot_end_offset.
   */
  'snapshotEpoch': (number);
  /**
   * The byte position of this chunk's data in the encoded snapshot.
   */
  'position': (number);
  /**
   * This chunk's bytes of the encoded snapshot.
   */
  'data': (Buffer);
  /**
   * True on the snapshot's last chunk.
   */
  'lastChunk': (boolean);
}
