// Original file: rill/replication/v1/replication_service.proto

import type { SegmentFileKind as _rill_replication_v1_SegmentFileKind, SegmentFileKind__Output as _rill_replication_v1_SegmentFileKind__Output } from '../../../rill/replication/v1/SegmentFileKind.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A piece of one of the current segment's files.
 */
export interface SegmentChunk {
  /**
   * Which file.
   */
  'file'?: (_rill_replication_v1_SegmentFileKind);
  /**
   * Where in the file `data` starts; chunks of a file come in order without gaps.
   */
  'position'?: (number | string | Long);
  /**
   * The bytes.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * CRC-32C (Castagnoli) of `data`.
   */
  'crc32c'?: (number);
}

/**
 * A piece of one of the current segment's files.
 */
export interface SegmentChunk__Output {
  /**
   * Which file.
   */
  'file': (_rill_replication_v1_SegmentFileKind__Output);
  /**
   * Where in the file `data` starts; chunks of a file come in order without gaps.
   */
  'position': (number);
  /**
   * The bytes.
   */
  'data': (Buffer);
  /**
   * CRC-32C (Castagnoli) of `data`.
   */
  'crc32c': (number);
}
