// Original file: rill/replication/v1/replication_service.proto

import type { SegmentHeader as _rill_replication_v1_SegmentHeader, SegmentHeader__Output as _rill_replication_v1_SegmentHeader__Output } from '../../../rill/replication/v1/SegmentHeader.js';
import type { SegmentChunk as _rill_replication_v1_SegmentChunk, SegmentChunk__Output as _rill_replication_v1_SegmentChunk__Output } from '../../../rill/replication/v1/SegmentChunk.js';

/**
 * One message of a segment stream: a segment header, then its chunks.
 */
export interface FetchSegmentsResponse {
  /**
   * A new segment starts.
   */
  'segment'?: (_rill_replication_v1_SegmentHeader | null);
  /**
   * A piece of the current segment.
   */
  'chunk'?: (_rill_replication_v1_SegmentChunk | null);
  /**
   * What this message carries.
   */
  'message'?: "segment"|"chunk";
}

/**
 * One message of a segment stream: a segment header, then its chunks.
 */
export interface FetchSegmentsResponse__Output {
  /**
   * A new segment starts.
   */
  'segment'?: (_rill_replication_v1_SegmentHeader__Output | null);
  /**
   * A piece of the current segment.
   */
  'chunk'?: (_rill_replication_v1_SegmentChunk__Output | null);
  /**
   * What this message carries.
   */
  'message'?: "segment"|"chunk";
}
