/**
 * The replica checker on logs written here with `@rill/storage`: identical replicas agree; a batch
 * with another leader epoch, or a replica that stops short of the high watermark, is reported as
 * the first difference, naming the replica and the offset.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeRecordBatch, validateProducedBatches } from "@rill/protocol";
import { PartitionLog, partitionDirectoryName } from "@rill/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareReplicas, type ReplicaLocation } from "./replica-checker.js";

const TOPIC = "checked";

function batch(values: readonly string[]): Uint8Array {
  return encodeRecordBatch({
    records: values.map((value) => ({ key: null, value: Buffer.from(value), timestamp: 1_000 })),
    now: () => 1_000,
  });
}

describe("compareReplicas", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "rill-replica-checker-test-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A broker data dir whose partition holds `batches` appended at the given leader epochs. */
  async function replica(name: string, batches: readonly { values: string[]; epoch: number }[]) {
    const logDir = join(root, name);
    const log = await PartitionLog.open({ directory: join(logDir, partitionDirectoryName(TOPIC, 0)) });
    for (const { values, epoch } of batches) {
      await log.append(validateProducedBatches(batch(values), { maxBatchBytes: 1 << 20 }), {
        leaderEpoch: epoch,
      }).written;
    }
    await log.close();
    return { name, logDir } satisfies ReplicaLocation;
  }

  const first = { values: ["a", "b"], epoch: 1 };
  const second = { values: ["c"], epoch: 2 };

  it("finds nothing when every replica holds the same batches", async () => {
    const replicas = [await replica("broker-1", [first, second]), await replica("broker-2", [first, second])];
    expect(await compareReplicas({ replicas, topic: TOPIC, partition: 0, highWatermark: 3 })).toEqual({
      batchesCompared: 2,
    });
  });

  it("reports a batch stored under another leader epoch", async () => {
    const replicas = [
      await replica("broker-1", [first, second]),
      await replica("broker-2", [first, { values: ["c"], epoch: 3 }]),
    ];
    const { difference } = await compareReplicas({ replicas, topic: TOPIC, partition: 0, highWatermark: 3 });
    expect(difference).toBe(
      "checked-0: batch 1 differs: broker-1 offsets 2-2 epoch 2, broker-2 offsets 2-2 epoch 3",
    );
  });

  it("reports a replica that ends below the high watermark, and ignores what lies above it", async () => {
    const replicas = [await replica("broker-1", [first, second]), await replica("broker-2", [first])];
    expect(await compareReplicas({ replicas, topic: TOPIC, partition: 0, highWatermark: 2 })).toEqual({
      batchesCompared: 1,
    });
    expect(
      (await compareReplicas({ replicas, topic: TOPIC, partition: 0, highWatermark: 3 })).difference,
    ).toBe("checked-0: broker-2 ends at offset 2, below the high watermark 3");
  });
});
