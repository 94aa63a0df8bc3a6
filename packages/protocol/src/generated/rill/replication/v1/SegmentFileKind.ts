// Original file: rill/replication/v1/replication_service.proto

/**
 * The files of a segment, in the order a segment's chunks are sent.
 */
export const SegmentFileKind = {
  /**
   * Not set.
   */
  SEGMENT_FILE_KIND_UNSPECIFIED: 'SEGMENT_FILE_KIND_UNSPECIFIED',
  /**
   * The `.log` file: record batches as stored.
   */
  SEGMENT_FILE_KIND_LOG: 'SEGMENT_FILE_KIND_LOG',
  /**
   * The `.index` file: offset index entries.
   */
  SEGMENT_FILE_KIND_OFFSET_INDEX: 'SEGMENT_FILE_KIND_OFFSET_INDEX',
  /**
   * The `.timeindex` file: time index entries.
   */
  SEGMENT_FILE_KIND_TIME_INDEX: 'SEGMENT_FILE_KIND_TIME_INDEX',
} as const;

/**
 * The files of a segment, in the order a segment's chunks are sent.
 */
export type SegmentFileKind =
  /**
   * Not set.
   */
  | 'SEGMENT_FILE_KIND_UNSPECIFIED'
  | 0
  /**
   * The `.log` file: record batches as stored.
   */
  | 'SEGMENT_FILE_KIND_LOG'
  | 1
  /**
   * The `.index` file: offset index entries.
   */
  | 'SEGMENT_FILE_KIND_OFFSET_INDEX'
  | 2
  /**
   * The `.timeindex` file: time index entries.
   */
  | 'SEGMENT_FILE_KIND_TIME_INDEX'
  | 3

/**
 * The files of a segment, in the order a segment's chunks are sent.
 */
export type SegmentFileKind__Output = typeof SegmentFileKind[keyof typeof SegmentFileKind]
