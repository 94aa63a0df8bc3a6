// Original file: rill/broker/v1/broker_service.proto

/**
 * Which offset to find.
 */
export const OffsetSpec = {
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  OFFSET_SPEC_UNSPECIFIED: 'OFFSET_SPEC_UNSPECIFIED',
  /**
   * The log start offset.
   */
  OFFSET_SPEC_EARLIEST: 'OFFSET_SPEC_EARLIEST',
  /**
   * The high watermark (or last stable offset under READ_COMMITTED): the next offset to be read.
   */
  OFFSET_SPEC_LATEST: 'OFFSET_SPEC_LATEST',
  /**
   * The first offset whose record timestamp is at or after `timestamp_ms`.
   */
  OFFSET_SPEC_TIMESTAMP: 'OFFSET_SPEC_TIMESTAMP',
  /**
   * The offset of the record with the largest timestamp.
   */
  OFFSET_SPEC_MAX_TIMESTAMP: 'OFFSET_SPEC_MAX_TIMESTAMP',
} as const;

/**
 * Which offset to find.
 */
export type OffsetSpec =
  /**
   * Not set; rejected with INVALID_REQUEST.
   */
  | 'OFFSET_SPEC_UNSPECIFIED'
  | 0
  /**
   * The log start offset.
   */
  | 'OFFSET_SPEC_EARLIEST'
  | 1
  /**
   * The high watermark (or last stable offset under READ_COMMITTED): the next offset to be read.
   */
  | 'OFFSET_SPEC_LATEST'
  | 2
  /**
   * The first offset whose record timestamp is at or after `timestamp_ms`.
   */
  | 'OFFSET_SPEC_TIMESTAMP'
  | 3
  /**
   * The offset of the record with the largest timestamp.
   */
  | 'OFFSET_SPEC_MAX_TIMESTAMP'
  | 4

/**
 * Which offset to find.
 */
export type OffsetSpec__Output = typeof OffsetSpec[keyof typeof OffsetSpec]
