import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeRecordBatch, validateProducedBatches } from "@rill/protocol";
import { leaderEpoch, offset as toOffset } from "@rill/protocol/ids";
import { ProducerStateManager, UNDEFINED_EPOCH } from "@rill/replication";
import { PartitionLog } from "@rill/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProducerStateStore } from "../../src/replica/producer-state-store.js";
import { StorageReplicaLog } from "../../src/replica/storage-replica-log.js";

let root: string;
let log: PartitionLog;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "rill-replica-log-"));
  log = await PartitionLog.open({ directory: join(root, "t-0") });
});

afterEach(async () => {
  await log.close();
  await rm(root, { recursive: true, force: true });
});

/** Appends as the broker does: validated once at its edge; resolves once written. */
async function appendBatch(target: PartitionLog, bytes: Buffer, options: { leaderEpoch?: number } = {}) {
  const result = target.append(validateProducedBatches(bytes, { maxBatchBytes: 1024 * 1024 }), options);
  await result.written;
  return result;
}

function batch(
  count: number,
  producer?: { producerId: number; producerEpoch: number; baseSequence: number },
): Buffer {
  return Buffer.from(
    encodeRecordBatch({
      records: Array.from({ length: count }, (_, index) => ({ key: null, value: Buffer.from(`v${index}`) })),
      ...producer,
    }),
  );
}

describe("StorageReplicaLog", () => {
  it("stores a new leader's epoch start in storage's one epoch cache before any batch", async () => {
    const view = new StorageReplicaLog(log);
    await (await appendBatch(log, batch(3), { leaderEpoch: 0 })).durable;
    view.assignEpochStartOffset(leaderEpoch(2), toOffset(3));
    expect(view.latestEpoch()).toBe(2);
    expect(log.leaderEpochs()).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 3 },
    ]);
    expect(view.endOffsetForEpoch(leaderEpoch(0))).toEqual({ epoch: 0, endOffset: 3 });
    expect(view.endOffsetForEpoch(leaderEpoch(1))).toEqual({ epoch: 0, endOffset: 3 });
    // Newer than anything known: undefined (Kafka's rule, from storage's one epoch cache).
    expect(view.endOffsetForEpoch(leaderEpoch(5))).toEqual({ epoch: UNDEFINED_EPOCH, endOffset: -1 });
    await (await appendBatch(log, batch(2), { leaderEpoch: 2 })).durable;
    expect(view.endOffsetForEpoch(leaderEpoch(2))).toEqual({ epoch: 2, endOffset: 5 });
    view.assignEpochStartOffset(leaderEpoch(3), toOffset(5));
    await log.close();
    log = await PartitionLog.open({ directory: join(root, "t-0") });
    // As in Kafka, recovery drops an epoch starting at the log end: it wrote nothing, and a
    // restarted broker leads only newer epochs.
    expect(log.leaderEpochs().map((entry) => entry.epoch)).toEqual([0, 2]);
  });

  it("reports a truncation at once and finishes it in storage", async () => {
    const view = new StorageReplicaLog(log);
    await (await appendBatch(log, batch(3), { leaderEpoch: 0 })).durable;
    await (await appendBatch(log, batch(3), { leaderEpoch: 1 })).durable;
    view.truncateTo(toOffset(3));
    expect(view.logEndOffset()).toBe(3);
    expect(view.latestEpoch()).toBe(0);
    expect(view.hasPendingTruncation).toBe(true);
    await view.settled();
    expect(view.hasPendingTruncation).toBe(false);
    expect(log.logEndOffset).toBe(3);
    expect(view.latestEpoch()).toBe(0);
    // An unwritten epoch start at the end goes with a truncation to the end.
    view.assignEpochStartOffset(leaderEpoch(4), toOffset(3));
    view.truncateTo(toOffset(3));
    expect(view.latestEpoch()).toBe(0);
    view.truncateFullyAndStartAt(toOffset(10));
    expect(view.logStartOffset()).toBe(10);
    expect(view.latestEpoch()).toBeUndefined();
    await view.settled();
    expect(log.logStartOffset).toBe(10);
    expect(log.logEndOffset).toBe(10);
  });
});

describe("StorageReplicaLog durability", () => {
  it("counts written records as durable under flush policy none, fsynced ones otherwise", async () => {
    const pageCache = await PartitionLog.open({
      directory: join(root, "none-0"),
      config: { flushPolicy: "none" },
    });
    try {
      const view = new StorageReplicaLog(pageCache);
      await appendBatch(pageCache, batch(4), { leaderEpoch: 0 });
      expect(pageCache.flushedOffset).toBe(0);
      expect(view.flushedOffset()).toBe(4);
    } finally {
      await pageCache.close();
    }
    const view = new StorageReplicaLog(log);
    const appended = await appendBatch(log, batch(4), { leaderEpoch: 0 });
    expect(view.flushedOffset()).toBeLessThanOrEqual(4);
    await appended.durable;
    expect(view.flushedOffset()).toBe(4);
  });
});

describe("ProducerStateStore", () => {
  it("recovers from the newest usable snapshot plus the log, skipping corrupt snapshots", async () => {
    const store = new ProducerStateStore(log.directory);
    const state = new ProducerStateManager();
    const append = async (sequence: number) => {
      const result = await appendBatch(
        log,
        batch(2, { producerId: 7, producerEpoch: 0, baseSequence: sequence }),
        {
          leaderEpoch: 0,
        },
      );
      state.applyBatch({
        producerId: 7,
        producerEpoch: 0,
        baseSequence: sequence,
        lastOffsetDelta: 1,
        baseOffset: toOffset(result.firstOffset),
        maxTimestampMs: result.maxTimestamp,
      });
      await result.durable;
    };
    await append(0);
    await store.write(state);
    await append(2);
    await store.write(state);
    await append(4);
    const names = (await readdir(log.directory)).filter((name) => name.endsWith(".producer-snapshot"));
    expect(names).toHaveLength(2);
    // The newest snapshot is damaged: the older one plus the log rebuild the same state.
    await writeFile(join(log.directory, names.sort().at(-1) as string), Buffer.from("garbage"));
    const loaded = await store.load(log);
    expect(loaded.endOffset).toBe(6);
    expect(loaded.entries()).toEqual(state.entries());
    expect(
      loaded.checkBatch({ producerId: 7, producerEpoch: 0, baseSequence: 2, lastOffsetDelta: 1 }),
    ).toEqual({
      kind: "duplicate",
      firstOffset: 2,
      lastOffset: 3,
    });
    // As of an earlier offset (a follower truncation): later batches are not in it.
    await store.truncateTo(toOffset(4));
    const asOf = await store.load(log, toOffset(4));
    expect(asOf.endOffset).toBe(4);
    expect(asOf.checkBatch({ producerId: 7, producerEpoch: 0, baseSequence: 4, lastOffsetDelta: 1 })).toEqual(
      { kind: "append" },
    );
  });
});
