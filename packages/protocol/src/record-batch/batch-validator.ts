/**
 * The broker's one validation of record batches, at its edge (Kafka's LogValidator for magic 2).
 * A produce is validated once by the partition leader, a replicated fetch once by the follower;
 * what passes is a `ValidatedRecordBatches`, the only input the storage engine's append takes,
 * so no layer below checks again and nothing that a consumer could not read reaches a log.
 *
 * Costs (CRC-32C runs exactly once per batch; `pnpm bench codec` prints the figures):
 * - every batch: header checks + one CRC-32C over the batch;
 * - produced batches also have their records walked (record-framing.ts, no allocation): a CRC
 *   proves only that the bytes arrived as the producer wrote them, never that the producer wrote
 *   decodable records, so no header field can stand in for the walk. Compressed batches are
 *   decompressed first under `maxDecompressedBytes` (the codecs check declared sizes before they
 *   allocate and stop at the cap, so a bomb costs at most the cap).
 * - replicated batches are not walked: the leader walked them before it wrote them.
 */
import { decompress } from "../compression/compression.js";
import { crc32c } from "../crc32c/crc32c.js";
import { isRillError, RillError } from "../errors/index.js";
import { writeInt16, writeInt32, writeInt64 } from "./bytes.js";
import { corruptMessage } from "./corrupt.js";
import {
  ATTRIBUTES_POSITION,
  CRC_POSITION,
  MAX_TIMESTAMP_POSITION,
  RECORD_BATCH_HEADER_BYTES,
  type RecordBatchHeader,
  TIMESTAMP_TYPE_MASK,
  validateRecordBatch,
} from "./header.js";
import { checkRecordFraming } from "./record-framing.js";

/**
 * The cap on one batch's decompressed records at the broker's edge. A batch is at most
 * max.message.bytes (1 MiB by default) on the wire; 64 MiB leaves room for highly compressible
 * data while bounding what a compression bomb can make the broker allocate.
 */
export const VALIDATION_DECOMPRESSED_BYTES_MAX = 64 * 1024 * 1024;

declare const validatedBrand: unique symbol;

export interface ValidatedBatch {
  /** Where the batch starts in `bytes`. */
  readonly position: number;
  readonly header: RecordBatchHeader;
}

/**
 * Batches that passed `validateProducedBatches` or `validateReplicatedBatches`: whole v2 batches,
 * CRC checked, in `bytes` back to back from position 0. Only those functions (and
 * `stampLogAppendTime`) make one; storage appends nothing else.
 */
export interface ValidatedRecordBatches {
  readonly bytes: Uint8Array;
  readonly batches: readonly ValidatedBatch[];
  readonly [validatedBrand]: true;
}

export interface ProducedBatchValidationOptions {
  /** max.message.bytes: a larger batch is MESSAGE_TOO_LARGE. */
  readonly maxBatchBytes: number;
  /** Records without a key are INVALID_RECORD (cleanup.policy includes compact). */
  readonly requireKeys?: boolean;
  /** Cap on one batch's decompressed records; default VALIDATION_DECOMPRESSED_BYTES_MAX. */
  readonly maxDecompressedBytes?: number;
}

function withBatchIndex(error: unknown, batchIndex: number, position: number): unknown {
  if (!isRillError(error)) return error;
  return new RillError(error.errorName, error.message, {
    cause: error.cause,
    details: { ...error.details, batchIndex, position },
  });
}

function walkHeaders(
  bytes: Uint8Array,
  check: (header: RecordBatchHeader, position: number) => void,
): ValidatedBatch[] {
  if (bytes.length === 0) throw new RillError("INVALID_RECORD", "no record batch to append");
  const batches: ValidatedBatch[] = [];
  let position = 0;
  while (position < bytes.length) {
    try {
      const header = validateRecordBatch(bytes, position);
      check(header, position);
      batches.push({ position, header });
      position += header.sizeInBytes;
    } catch (error) {
      throw withBatchIndex(error, batches.length, position);
    }
  }
  return batches;
}

/**
 * A produce's batches, as the partition leader receives them: every batch whole, CRC-valid, not
 * larger than `maxBatchBytes`, not empty, `recordCount` = lastOffsetDelta + 1, and every record
 * decodable and consistent with the header. Throws CORRUPT_MESSAGE (malformed),
 * MESSAGE_TOO_LARGE, or INVALID_RECORD (a record-level rule, an empty batch); the error's
 * `details.batchIndex` names the batch. On a throw nothing of the request may be appended.
 */
export function validateProducedBatches(
  bytes: Uint8Array,
  options: ProducedBatchValidationOptions,
): ValidatedRecordBatches {
  const requireKeys = options.requireKeys ?? false;
  const maxDecompressedBytes = options.maxDecompressedBytes ?? VALIDATION_DECOMPRESSED_BYTES_MAX;
  const batches = walkHeaders(bytes, (header, position) => {
    if (header.sizeInBytes > options.maxBatchBytes) {
      throw new RillError(
        "MESSAGE_TOO_LARGE",
        `batch of ${header.sizeInBytes} bytes exceeds max.message.bytes ${options.maxBatchBytes}`,
        { details: { sizeInBytes: header.sizeInBytes, maxMessageBytes: options.maxBatchBytes } },
      );
    }
    if (header.recordCount === 0) {
      throw new RillError("INVALID_RECORD", "an empty batch cannot be appended");
    }
    if (header.recordCount !== header.lastOffsetDelta + 1) {
      throw corruptMessage(
        `recordCount ${header.recordCount} does not match lastOffsetDelta ${header.lastOffsetDelta}`,
      );
    }
    const stored = bytes.subarray(position + RECORD_BATCH_HEADER_BYTES, position + header.sizeInBytes);
    const records =
      header.compression === "none" ? stored : decompress(header.compression, stored, maxDecompressedBytes);
    checkRecordFraming(header, records, { requireKeys });
  });
  return { bytes, batches } as unknown as ValidatedRecordBatches;
}

/**
 * A follower's fetched batches (written by the leader, which walked their records): header and
 * CRC of each batch, once. Throws CORRUPT_MESSAGE; an empty buffer is INVALID_RECORD.
 */
export function validateReplicatedBatches(bytes: Uint8Array): ValidatedRecordBatches {
  const batches = walkHeaders(bytes, () => undefined);
  return { bytes, batches } as unknown as ValidatedRecordBatches;
}

/**
 * LogAppendTime (message.timestamp.type=LogAppendTime): stamps every batch's maxTimestamp with
 * `appendTimeMs` and sets its timestamp-type bit, in place, recomputing each CRC once (both fields
 * are covered by it). Consumers then read `appendTimeMs` as every record's timestamp.
 */
export function stampLogAppendTime(
  validated: ValidatedRecordBatches,
  appendTimeMs: number,
): ValidatedRecordBatches {
  if (!Number.isSafeInteger(appendTimeMs) || appendTimeMs < 0) {
    throw new RangeError(`append time ${appendTimeMs} is not a non-negative safe integer`);
  }
  const bytes = validated.bytes;
  const batches = validated.batches.map(({ position, header }) => {
    const attributes = header.attributes | TIMESTAMP_TYPE_MASK;
    writeInt16(bytes, position + ATTRIBUTES_POSITION, attributes);
    writeInt64(bytes, position + MAX_TIMESTAMP_POSITION, appendTimeMs);
    const crc = crc32c(bytes, position + ATTRIBUTES_POSITION, position + header.sizeInBytes);
    writeInt32(bytes, position + CRC_POSITION, crc);
    const stamped: RecordBatchHeader = {
      ...header,
      attributes,
      timestampType: "log-append",
      maxTimestamp: appendTimeMs,
      crc,
    };
    return { position, header: stamped };
  });
  return { bytes, batches } as unknown as ValidatedRecordBatches;
}
