// Original file: rill/controller/v1/controller_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One committed entry of the metadata log.
 */
export interface MetadataLogRecord {
  /**
   * The record's offset in the metadata log.
   */
  'offset'?: (number | string | Long);
  /**
   * The Raft term in which the record was appended.
   */
  'epoch'?: (number);
  /**
   * The entry's payload: an encoded rill.metadata.v1.MetadataRecordBatch, applied atomically.
   */
  'record'?: (Buffer | Uint8Array | string);
}

/**
 * One committed entry of the metadata log.
 */
export interface MetadataLogRecord__Output {
  /**
   * The record's offset in the metadata log.
   */
  'offset': (number);
  /**
   * The Raft term in which the record was appended.
   */
  'epoch': (number);
  /**
   * The entry's payload: an encoded rill.metadata.v1.MetadataRecordBatch, applied atomically.
   */
  'record': (Buffer);
}
