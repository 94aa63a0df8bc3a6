// Original file: rill/controller/v1/controller_service.proto

import type { MetadataLogRecord as _rill_controller_v1_MetadataLogRecord, MetadataLogRecord__Output as _rill_controller_v1_MetadataLogRecord__Output } from '../../../rill/controller/v1/MetadataLogRecord.js';

/**
 * A run of committed metadata log entries.
 */
export interface MetadataDeltas {
  /**
   * The entries, in offset order, without gaps.
   */
  'records'?: (_rill_controller_v1_MetadataLogRecord)[];
}

/**
 * A run of committed metadata log entries.
 */
export interface MetadataDeltas__Output {
  /**
   * The entries, in offset order, without gaps.
   */
  'records': (_rill_controller_v1_MetadataLogRecord__Output)[];
}
