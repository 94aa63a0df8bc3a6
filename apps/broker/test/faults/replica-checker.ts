/**
 * The final-state half of the fault checker: after a run has healed and its processes are
 * stopped, every replica of a partition must hold the same batches below the high watermark,
 * byte for byte (offsets, leader epochs, producer ids, records, CRCs). Each replica's partition
 * directory is copied and the copy opened with `@rill/storage`'s PartitionLog, so the kept data
 * dirs of a failed run stay as the brokers left them (opening runs recovery, which may write).
 *
 * Contract: the caller passes a high watermark that every replica in the ISR had reached (taken
 * from the leader with a full ISR after the producer stopped); the processes are no longer
 * running. The first difference is returned as one line naming the replicas, the offset and the
 * batches' leader epochs (absent when all replicas agree), with how many batches were compared.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORD_BATCH_LOG_OVERHEAD, readRecordBatchHeader } from "@rill/protocol";
import { PartitionLog, partitionDirectoryName } from "@rill/storage";

/** Bytes asked of the log per read while walking a replica (whole batches are returned). */
const READ_BYTES_MAX = 1 << 20;

export interface ReplicaLocation {
  /** Shown in the difference (`broker-101`). */
  readonly name: string;
  /** The directory holding the broker's partition directories (`<logDir>/<topic>-<partition>`). */
  readonly logDir: string;
}

interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly leaderEpoch: number;
  readonly bytes: Buffer;
}

export interface ReplicaComparison {
  /** Batches below the high watermark in the first replica (each compared with every other's). */
  readonly batchesCompared: number;
  /** The first difference; absent when every replica agrees. */
  readonly difference?: string;
}

/** Compares the replicas' batches below `highWatermark` and reports the first difference. */
export async function compareReplicas(input: {
  readonly replicas: readonly ReplicaLocation[];
  readonly topic: string;
  readonly partition: number;
  readonly highWatermark: number;
}): Promise<ReplicaComparison> {
  const [reference, ...others] = input.replicas;
  if (reference === undefined) return { batchesCompared: 0 };
  const where = `${input.topic}-${input.partition}`;
  const referenceBatches = await readReplica(reference, input);
  const differ = (difference: string): ReplicaComparison => ({
    batchesCompared: referenceBatches.length,
    difference,
  });
  for (const other of others) {
    const batches = await readReplica(other, input);
    for (const [replica, held] of [
      [reference, referenceBatches],
      [other, batches],
    ] as const) {
      const reached = held.at(-1)?.lastOffset ?? -1;
      if (held.length > 0 && reached + 1 < input.highWatermark) {
        return differ(
          `${where}: ${replica.name} ends at offset ${reached + 1}, below the high watermark ${input.highWatermark}`,
        );
      }
    }
    const count = Math.max(referenceBatches.length, batches.length);
    for (let index = 0; index < count; index += 1) {
      const expected = referenceBatches[index];
      const actual = batches[index];
      if (expected === undefined || actual === undefined) {
        const [shorter, present] = expected === undefined ? [reference, actual] : [other, expected];
        return differ(
          `${where}: ${shorter.name} has no batch at offset ${present?.baseOffset} (epoch ` +
            `${present?.leaderEpoch}) below the high watermark ${input.highWatermark}, which ` +
            `${shorter === reference ? other.name : reference.name} has`,
        );
      }
      if (!expected.bytes.equals(actual.bytes)) {
        return differ(
          `${where}: batch ${index} differs: ${reference.name} offsets ${expected.baseOffset}-` +
            `${expected.lastOffset} epoch ${expected.leaderEpoch}, ${other.name} offsets ` +
            `${actual.baseOffset}-${actual.lastOffset} epoch ${actual.leaderEpoch}` +
            (expected.baseOffset === actual.baseOffset && expected.leaderEpoch === actual.leaderEpoch
              ? " (same offsets and epoch, different bytes)"
              : ""),
        );
      }
    }
  }
  return { batchesCompared: referenceBatches.length };
}

/** Every whole batch of one replica below the high watermark, read from a copy of its directory. */
async function readReplica(
  replica: ReplicaLocation,
  input: { readonly topic: string; readonly partition: number; readonly highWatermark: number },
): Promise<StoredBatch[]> {
  const copyRoot = await mkdtemp(join(tmpdir(), "rill-replica-check-"));
  const name = partitionDirectoryName(input.topic, input.partition);
  try {
    const copy = join(copyRoot, name);
    await cp(join(replica.logDir, name), copy, { recursive: true });
    const log = await PartitionLog.open({ directory: copy });
    try {
      const batches: StoredBatch[] = [];
      let offset = log.logStartOffset;
      const end = Math.min(input.highWatermark, log.logEndOffset);
      while (offset < end) {
        const read = await log.read(offset, READ_BYTES_MAX, { maxOffset: input.highWatermark });
        if (read.bytes.length === 0) break;
        let position = 0;
        while (position < read.bytes.length) {
          const header = readRecordBatchHeader(read.bytes, position);
          const size = header.batchLength + RECORD_BATCH_LOG_OVERHEAD;
          batches.push({
            baseOffset: header.baseOffset,
            lastOffset: header.baseOffset + header.lastOffsetDelta,
            leaderEpoch: header.partitionLeaderEpoch,
            bytes: Buffer.from(read.bytes.subarray(position, position + size)),
          });
          position += size;
        }
        offset = read.nextOffset;
      }
      return batches;
    } finally {
      await log.close();
    }
  } finally {
    await rm(copyRoot, { recursive: true, force: true });
  }
}
