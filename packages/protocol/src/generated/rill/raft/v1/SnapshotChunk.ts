// Original file: rill/raft/v1/raft_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A piece of the data of the last snapshot message sent on this stream with `snapshot_chunked`.
 */
export interface SnapshotChunk {
  /**
   * The byte offset of `data` within the snapshot's data.
   */
  'offset'?: (number | string | Long);
  /**
   * The bytes.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * The snapshot's total data size.
   */
  'totalBytes'?: (number | string | Long);
}

/**
 * A piece of the data of the last snapshot message sent on this stream with `snapshot_chunked`.
 */
export interface SnapshotChunk__Output {
  /**
   * The byte offset of `data` within the snapshot's data.
   */
  'offset': (number);
  /**
   * The bytes.
   */
  'data': (Buffer);
  /**
   * The snapshot's total data size.
   */
  'totalBytes': (number);
}
