import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  encodeRecordBatch,
  type RecordInput,
  validateProducedBatches,
  validateReplicatedBatches,
} from "@rill/protocol";
import type { AppendResult, PartitionLog } from "../src/index.js";

/** A v2 batch of `count` records with `valueBytes`-byte values; value bytes encode (tag, index). */
export function makeBatch(options: {
  count?: number;
  valueBytes?: number;
  timestamp?: number;
  keys?: readonly (string | null)[];
  values?: readonly (Uint8Array | null)[];
  tag?: number;
}): Uint8Array {
  const count = options.count ?? options.keys?.length ?? options.values?.length ?? 1;
  const timestamp = options.timestamp ?? 1_000;
  const records: RecordInput[] = [];
  for (let index = 0; index < count; index += 1) {
    const key = options.keys?.[index];
    const given = options.values?.[index];
    let value: Uint8Array | null;
    if (given !== undefined) {
      value = given;
    } else {
      const bytes = Buffer.alloc(Math.max(8, options.valueBytes ?? 16));
      bytes.writeUInt32BE((options.tag ?? 0) >>> 0, 0);
      bytes.writeUInt32BE(index, 4);
      value = bytes;
    }
    records.push({
      key: key === undefined || key === null ? null : Buffer.from(key),
      value,
      timestamp: timestamp + index,
    });
  }
  return encodeRecordBatch({ records, now: () => timestamp });
}

/**
 * Appends raw batch bytes as the broker does: validated once at its edge (throws CORRUPT_MESSAGE,
 * MESSAGE_TOO_LARGE, ...), then appended; resolves once the write returned.
 */
export async function appendBytes(
  log: PartitionLog,
  bytes: Uint8Array,
  options: { leaderEpoch?: number } = {},
): Promise<AppendResult> {
  const result = log.append(
    validateProducedBatches(bytes, { maxBatchBytes: log.config.maxMessageBytes }),
    options,
  );
  await result.written;
  return result;
}

/** A follower append of fetched bytes, header+CRC checked as the follower does; resolves once written. */
export async function appendBytesAsFollower(log: PartitionLog, bytes: Uint8Array): Promise<AppendResult> {
  const result = log.appendAsFollower(validateReplicatedBatches(bytes));
  await result.written;
  return result;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

export interface TempDir {
  readonly path: string;
  remove(): void;
}

export function makeTempDir(prefix = "rill-storage-"): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A manual clock for retention and segment.ms tests. */
export class ManualClock {
  constructor(public nowMs = 1_000_000) {}
  now(): number {
    return this.nowMs;
  }
}
