import {
  type DecodedRecord,
  type DecodedRecordBatch,
  decodeRecordBatch,
  RECORD_BATCH_HEADER_BYTES,
  readRecordBatchHeader,
} from "@rill/protocol";

/** The most batches decoded from one fetch answer (a 16 MiB answer of minimal batches is ~270k). */
export const decodedBatchesMax = 1_000_000;

/**
 * Decodes the whole batches in a fetch answer (CRC checked), in order. A partial batch at the
 * end (a broker may cut the answer at maxBytes) is left out, not an error; a corrupt batch is
 * CORRUPT_MESSAGE.
 */
export function decodeFetchedBatches(bytes: Uint8Array): DecodedRecordBatch[] {
  const batches: DecodedRecordBatch[] = [];
  let position = 0;
  while (bytes.length - position >= RECORD_BATCH_HEADER_BYTES && batches.length < decodedBatchesMax) {
    const header = readRecordBatchHeader(bytes, position);
    if (position + header.sizeInBytes > bytes.length) break;
    batches.push(decodeRecordBatch(bytes, { position }));
    position += header.sizeInBytes;
  }
  return batches;
}

/**
 * The records at or after `fromOffset`, from decoded batches. A fetch may return a whole batch
 * that starts before the requested offset (batches are not split), whose first records the
 * reader has already seen; control records (transaction markers) are not user records.
 */
export function recordsFrom(batches: readonly DecodedRecordBatch[], fromOffset: number): DecodedRecord[] {
  const records: DecodedRecord[] = [];
  for (const batch of batches) {
    if (batch.isControl) continue;
    for (const record of batch.records) if (record.offset >= fromOffset) records.push(record);
  }
  return records;
}

/** The offset after the last batch, or `fromOffset` when there is none: where to fetch next. */
export function nextFetchOffset(batches: readonly DecodedRecordBatch[], fromOffset: number): number {
  const last = batches[batches.length - 1];
  return last === undefined ? fromOffset : Math.max(fromOffset, last.lastOffset + 1);
}
