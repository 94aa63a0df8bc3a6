// Original file: rill/metadata/v1/records.proto

import type { MetadataRecord as _rill_metadata_v1_MetadataRecord, MetadataRecord__Output as _rill_metadata_v1_MetadataRecord__Output } from '../../../rill/metadata/v1/MetadataRecord.js';

/**
 * A batch of metadata records: the payload of one Raft log entry, applied all together or not at
 * all. A snapshot is also encoded as one batch: the records that recreate the image.
 */
export interface MetadataRecordBatch {
  /**
   * The records, in the order they are applied.
   */
  'records'?: (_rill_metadata_v1_MetadataRecord)[];
}

/**
 * A batch of metadata records: the payload of one Raft log entry, applied all together or not at
 * all. A snapshot is also encoded as one batch: the records that recreate the image.
 */
export interface MetadataRecordBatch__Output {
  /**
   * The records, in the order they are applied.
   */
  'records': (_rill_metadata_v1_MetadataRecord__Output)[];
}
