import { type CompressionCodec, decodeRecordBatch, encodeRecordBatch } from "@rill/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FaultInjectingFileSystem,
  LogCleaner,
  MemoryFileSystem,
  PartitionLog,
  type PartitionLogOptions,
} from "../src/index.js";
import { appendBytes, appendBytesAsFollower, ManualClock } from "./helpers.js";

const DIRECTORY = "/data/compacted-0";
const DELETE_RETENTION_MS = 10_000;

interface StoredRecord {
  readonly key: string;
  readonly value: string | null;
}

/** Every record readable from the log start, in order: [offset, record]; asserts monotonic offsets. */
async function readAll(log: PartitionLog): Promise<[number, StoredRecord][]> {
  const result: [number, StoredRecord][] = [];
  let offset = log.logStartOffset;
  let previous = -1;
  while (offset < log.logEndOffset) {
    const read = await log.read(offset, 1 << 20);
    if (read.bytes.length === 0) break;
    let position = 0;
    while (position < read.bytes.length) {
      const batch = decodeRecordBatch(read.bytes, { position });
      expect(batch.baseOffset).toBeGreaterThan(previous);
      for (const record of batch.records) {
        expect(record.offset).toBeGreaterThan(previous);
        expect(record.offset).toBeLessThanOrEqual(batch.lastOffset);
        previous = record.offset;
        result.push([
          record.offset,
          {
            key: Buffer.from(record.key as Uint8Array).toString(),
            value: record.value === null ? null : Buffer.from(record.value).toString(),
          },
        ]);
      }
      previous = Math.max(previous, batch.lastOffset);
      position += batch.sizeInBytes;
    }
    offset = read.nextOffset;
  }
  return result;
}

function batchOf(
  records: readonly StoredRecord[],
  options: {
    compression?: CompressionCodec;
    timestamp?: number;
    producerId?: number;
    sequence?: number;
  } = {},
): Uint8Array {
  return encodeRecordBatch({
    records: records.map((record) => ({
      key: Buffer.from(record.key),
      value: record.value === null ? null : Buffer.from(record.value),
      timestamp: options.timestamp ?? 1_000,
    })),
    compression: options.compression ?? "none",
    ...(options.producerId === undefined
      ? {}
      : { producerId: options.producerId, producerEpoch: 0, baseSequence: options.sequence ?? 0 }),
  });
}

/** Rolls, so every written record is in a closed segment, and marks everything replicated. */
async function makeAllCleanable(log: PartitionLog): Promise<void> {
  await log.roll();
  await log.flush();
  log.setHighWatermark(log.logEndOffset);
}

const recordArb = fc.record({
  key: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
  value: fc.option(fc.string({ minLength: 0, maxLength: 40 }), { nil: null, freq: 5 }),
});
const writeArb = fc.record({
  records: fc.array(recordArb, { minLength: 1, maxLength: 6 }),
  compression: fc.constantFrom<CompressionCodec>("none", "none", "gzip", "lz4", "zstd", "snappy"),
  rollAfter: fc.boolean(),
});

describe("log compaction, against a model", () => {
  it("keeps exactly the latest record per key at its offset; tombstones go after delete.retention.ms", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(writeArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 200, max: 2_000 }),
        async (writes, segmentBytes) => {
          const clock = new ManualClock(1_000_000);
          const fileSystem = new MemoryFileSystem();
          const options: PartitionLogOptions = {
            directory: DIRECTORY,
            fileSystem,
            clock,
            config: { segmentBytes, cleanupPolicy: "compact", deleteRetentionMs: DELETE_RETENTION_MS },
          };
          const log = await PartitionLog.open(options);
          const written = new Map<number, StoredRecord>();
          const latest = new Map<string, number>();
          for (const write of writes) {
            const result = await appendBytes(log, batchOf(write.records, { compression: write.compression }));
            write.records.forEach((record, index) => {
              written.set(result.firstOffset + index, record);
              latest.set(record.key, result.firstOffset + index);
            });
            if (write.rollAfter) await log.roll();
          }
          await makeAllCleanable(log);
          const endBefore = log.logEndOffset;
          const cleaner = new LogCleaner({ fileSystem, clock });
          await cleaner.clean(log);
          const expected = [...latest.values()].sort((x, y) => x - y);
          const after = await readAll(log);
          expect(after.map(([offset]) => offset)).toEqual(expected);
          for (const [offset, record] of after) expect(record).toEqual(written.get(offset));
          expect(log.logEndOffset).toBe(endBefore);
          // A second pass changes nothing while the tombstones are young.
          await cleaner.clean(log);
          expect(await readAll(log)).toEqual(after);
          clock.nowMs += DELETE_RETENTION_MS;
          await cleaner.clean(log);
          const live = expected.filter((offset) => written.get(offset)?.value !== null);
          const final = await readAll(log);
          expect(final.map(([offset]) => offset)).toEqual(live);
          await log.close();
          const reopened = await PartitionLog.open(options);
          expect(await readAll(reopened)).toEqual(final);
          expect(reopened.logEndOffset).toBe(endBefore);
          await reopened.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("counts delete.retention.ms from a tombstone's first cleaning, across a restart", async () => {
    const fileSystem = new MemoryFileSystem();
    const clock = new ManualClock();
    const options: PartitionLogOptions = {
      directory: DIRECTORY,
      fileSystem,
      clock,
      config: { segmentBytes: 10_000, cleanupPolicy: "compact", deleteRetentionMs: DELETE_RETENTION_MS },
    };
    const log = await PartitionLog.open(options);
    await appendBytes(log, batchOf([{ key: "k", value: "1" }]));
    await appendBytes(log, batchOf([{ key: "k", value: null }]));
    await appendBytes(log, batchOf([{ key: "j", value: "2" }]));
    await makeAllCleanable(log);
    // Written long ago: the horizon starts at the first cleaning, not at the write.
    clock.nowMs += 10 * DELETE_RETENTION_MS;
    await new LogCleaner({ fileSystem, clock }).clean(log);
    expect((await readAll(log)).map(([offset]) => offset)).toEqual([1, 2]);
    await log.close();
    clock.nowMs += DELETE_RETENTION_MS - 1;
    const reopened = await PartitionLog.open(options);
    reopened.setHighWatermark(reopened.logEndOffset);
    const cleaner = new LogCleaner({ fileSystem, clock });
    await cleaner.clean(reopened);
    expect((await readAll(reopened)).map(([offset]) => offset)).toEqual([1, 2]);
    clock.nowMs += 1;
    await cleaner.clean(reopened);
    expect((await readAll(reopened)).map(([offset]) => offset)).toEqual([2]);
    await reopened.close();
  });

  it("keeps the newest value whatever the batch boundaries (the reported key3=v13 beside key3=v298)", async () => {
    const fileSystem = new MemoryFileSystem();
    const clock = new ManualClock();
    const log = await PartitionLog.open({
      directory: DIRECTORY,
      fileSystem,
      clock,
      config: { segmentBytes: 1_000, cleanupPolicy: "compact" },
    });
    for (let round = 0; round < 300; round += 1) {
      await appendBytes(log, batchOf([{ key: `key${round % 5}`, value: `v${round}` }]));
    }
    await makeAllCleanable(log);
    const result = await new LogCleaner({ fileSystem, clock }).clean(log);
    expect(result.recordsRemoved).toBe(295);
    expect((await readAll(log)).map(([, record]) => `${record.key}=${record.value}`)).toEqual([
      "key0=v295",
      "key1=v296",
      "key2=v297",
      "key3=v298",
      "key4=v299",
    ]);
    await log.close();
  });

  it("never touches the active segment or records above the high watermark", async () => {
    const fileSystem = new MemoryFileSystem();
    const clock = new ManualClock();
    const log = await PartitionLog.open({
      directory: DIRECTORY,
      fileSystem,
      clock,
      config: { segmentBytes: 10_000, cleanupPolicy: "compact" },
    });
    await appendBytes(log, batchOf([{ key: "k", value: "1" }]));
    await log.roll();
    await appendBytes(log, batchOf([{ key: "k", value: "2" }]));
    await log.roll();
    await appendBytes(log, batchOf([{ key: "k", value: "3" }]));
    await log.flush();
    log.setHighWatermark(1);
    const cleaner = new LogCleaner({ fileSystem, clock });
    await cleaner.clean(log);
    // Only segment 0 is below the HW: nothing newer is mapped, so k=1 stays.
    expect((await readAll(log)).map(([, record]) => record.value)).toEqual(["1", "2", "3"]);
    log.setHighWatermark(log.logEndOffset);
    await cleaner.clean(log);
    // Segments 0 and 1 are cleanable now; the active segment (k=3) is never cleaned.
    expect((await readAll(log)).map(([, record]) => record.value)).toEqual(["2", "3"]);
    await log.close();
  });

  it("keeps the last batch of each producer id, empty, so its sequence state survives", async () => {
    const fileSystem = new MemoryFileSystem();
    const clock = new ManualClock();
    const log = await PartitionLog.open({
      directory: DIRECTORY,
      fileSystem,
      clock,
      config: { segmentBytes: 100_000, cleanupPolicy: "compact" },
    });
    await appendBytes(log, batchOf([{ key: "k", value: "p0" }], { producerId: 7, sequence: 0 }));
    const last = await appendBytes(
      log,
      batchOf(
        [
          { key: "k", value: "p1" },
          { key: "j", value: "p2" },
        ],
        { producerId: 7, sequence: 1 },
      ),
    );
    await appendBytes(log, batchOf([{ key: "k", value: "x" }]));
    await appendBytes(log, batchOf([{ key: "j", value: "y" }]));
    await makeAllCleanable(log);
    await new LogCleaner({ fileSystem, clock }).clean(log);
    const bytes = (await log.read(0, 1 << 20)).bytes;
    const batches: { baseOffset: number; lastOffset: number; records: number; sequence: number }[] = [];
    for (let position = 0; position < bytes.length; ) {
      const batch = decodeRecordBatch(bytes, { position });
      batches.push({
        baseOffset: batch.baseOffset,
        lastOffset: batch.lastOffset,
        records: batch.records.length,
        sequence: batch.baseSequence,
      });
      position += batch.sizeInBytes;
    }
    expect(batches).toEqual([
      { baseOffset: last.firstOffset, lastOffset: last.lastOffset, records: 0, sequence: 1 },
      { baseOffset: 3, lastOffset: 3, records: 1, sequence: -1 },
      { baseOffset: 4, lastOffset: 4, records: 1, sequence: -1 },
    ]);
    // A follower catching up copies the cleaned batches (gaps and the empty batch included).
    const follower = await PartitionLog.open({ directory: "/data/follower-0", fileSystem, clock });
    await appendBytesAsFollower(follower, bytes);
    expect(await readAll(follower)).toEqual(await readAll(log));
    expect(follower.logEndOffset).toBe(5);
    await follower.close();
    await log.close();
  });
});

describe("log compaction: when a log is cleaned", () => {
  /** Ten segments of one record each, keys k0..k4 twice (timestamps 1_000 + 100 × i). */
  async function tenSegments(config: PartitionLogOptions["config"], clock: ManualClock) {
    const fileSystem = new MemoryFileSystem();
    const log = await PartitionLog.open({
      directory: DIRECTORY,
      fileSystem,
      clock,
      config: { cleanupPolicy: "compact", ...config },
    });
    for (let index = 0; index < 10; index += 1) {
      await appendBytes(
        log,
        batchOf([{ key: `k${index % 5}`, value: `v${index}` }], { timestamp: 1_000 + 100 * index }),
      );
      await log.roll();
    }
    await makeAllCleanable(log);
    return { log, cleaner: new LogCleaner({ fileSystem, clock }) };
  }

  it("min.cleanable.dirty.ratio: a log is rewritten only when enough of it is dirty", async () => {
    const clock = new ManualClock(1_000_000);
    const { log, cleaner } = await tenSegments({ minCleanableDirtyRatio: 0.5 }, clock);
    // All dirty (ratio 1): cleaned; k0..k4 keep their second values.
    expect((await cleaner.clean(log)).recordsRemoved).toBe(5);
    // One more duplicate: dirty bytes are far below half of the log, so nothing happens.
    await appendBytes(log, batchOf([{ key: "k0", value: "v10" }], { timestamp: 5_000 }));
    await makeAllCleanable(log);
    expect(await cleaner.clean(log)).toMatchObject({ recordsRemoved: 0, segmentsReplaced: 0 });
    expect(cleaner.stats.passesSkipped).toBe(1);
    // Enough new duplicates to pass the ratio: cleaned, the latest values kept.
    for (let index = 0; index < 6; index += 1) {
      await appendBytes(log, batchOf([{ key: `k${index % 5}`, value: `w${index}` }], { timestamp: 6_000 }));
      await log.roll();
    }
    await makeAllCleanable(log);
    expect((await cleaner.clean(log)).recordsRemoved).toBeGreaterThan(0);
    const values = new Map((await readAll(log)).map(([, record]) => [record.key, record.value]));
    expect(Object.fromEntries(values)).toEqual({ k0: "w5", k1: "w1", k2: "w2", k3: "w3", k4: "w4" });
    await log.close();
  });

  it("max.compaction.lag.ms cleans a dirty log below the ratio once its records are old enough", async () => {
    const clock = new ManualClock(1_000_000);
    const { log, cleaner } = await tenSegments(
      { minCleanableDirtyRatio: 0.9, maxCompactionLagMs: 60_000 },
      clock,
    );
    await cleaner.clean(log);
    await appendBytes(log, batchOf([{ key: "k0", value: "late" }], { timestamp: clock.nowMs }));
    await makeAllCleanable(log);
    expect((await cleaner.clean(log)).recordsRemoved).toBe(0);
    clock.nowMs += 60_000;
    expect((await cleaner.clean(log)).recordsRemoved).toBe(1);
    expect((await readAll(log)).filter(([, record]) => record.key === "k0").map(([, r]) => r.value)).toEqual([
      "late",
    ]);
    await log.close();
  });

  it("min.compaction.lag.ms keeps records younger than the lag uncompacted", async () => {
    // Timestamps 1_000..1_900; at now 1_450 with a 500 ms lag only segments up to 950 are old enough.
    const clock = new ManualClock(1_450);
    const { log, cleaner } = await tenSegments({ minCleanableDirtyRatio: 0, minCompactionLagMs: 500 }, clock);
    expect((await cleaner.clean(log)).recordsRemoved).toBe(0);
    clock.nowMs = 1_900 + 500;
    expect((await cleaner.clean(log)).recordsRemoved).toBe(5);
    await log.close();
  });
});

describe("log compaction: merging and crash safety", () => {
  it("merges small adjacent segments up to segment.bytes", async () => {
    const fileSystem = new MemoryFileSystem();
    const clock = new ManualClock();
    const log = await PartitionLog.open({
      directory: DIRECTORY,
      fileSystem,
      clock,
      config: { segmentBytes: 1_000, cleanupPolicy: "compact" },
    });
    for (let index = 0; index < 40; index += 1) {
      await appendBytes(log, batchOf([{ key: `k${String(index).padStart(2, "0")}`, value: "v".repeat(20) }]));
      await log.roll();
    }
    await makeAllCleanable(log);
    const before = await readAll(log);
    expect(log.segmentCount).toBe(41);
    const segmentBytes = log.sizeBytes / 40;
    const result = await new LogCleaner({ fileSystem, clock }).clean(log);
    expect(result.recordsRemoved).toBe(0);
    expect(result.segmentsReplaced).toBe(40);
    expect(log.segmentCount).toBe(Math.ceil(40 / Math.floor(1_000 / segmentBytes)) + 1);
    expect(await readAll(log)).toEqual(before);
    await log.close();
    const reopened = await PartitionLog.open({ directory: DIRECTORY, fileSystem, clock });
    expect(await readAll(reopened)).toEqual(before);
    expect(reopened.segmentCount).toBe(log.segmentCount);
    await reopened.close();
  });

  it("a crash at any step of a cleaning recovers to the log before or after it", async () => {
    let step = 0;
    let sawAfter = false;
    let sawBefore = false;
    for (; ; step += 1) {
      const memory = new MemoryFileSystem();
      const fileSystem = new FaultInjectingFileSystem(memory);
      const clock = new ManualClock();
      const options = {
        directory: DIRECTORY,
        fileSystem,
        clock,
        // Large enough that the ten small segments are cleaned as one merged group (one swap).
        config: { segmentBytes: 8_000, cleanupPolicy: "compact" as const },
      };
      const log = await PartitionLog.open(options);
      for (let round = 0; round < 30; round += 1) {
        await appendBytes(log, batchOf([{ key: `k${round % 4}`, value: `v${round}` }]));
        if (round % 3 === 2) await log.roll();
      }
      await makeAllCleanable(log);
      await log.checkpoint();
      const before = await readAll(log);
      const segmentsBefore = log.segmentCount;
      let mutations = 0;
      fileSystem.policy = (operation) => {
        if (operation === "read") return undefined;
        mutations += 1;
        return mutations === step + 1 ? "EIO" : undefined;
      };
      const cleaner = new LogCleaner({ fileSystem, clock });
      const outcome = await cleaner.clean(log).then(
        () => "done",
        () => "failed",
      );
      fileSystem.policy = () => undefined;
      const after = outcome === "done" ? await readAll(log) : undefined;
      memory.crash();
      const reopened = await PartitionLog.open(options);
      const recovered = await readAll(reopened);
      const latestOffsets = [
        ...new Map(before.map(([offset, record]) => [record.key, offset])).values(),
      ].sort((x, y) => x - y);
      // Either every original record in the original segments, or exactly the latest per key
      // in one merged segment (plus the active one); nothing in between.
      if (recovered.length === before.length) {
        expect(recovered).toEqual(before);
        expect(reopened.segmentCount).toBe(segmentsBefore);
        sawBefore = true;
      } else {
        expect(recovered.map(([offset]) => offset)).toEqual(latestOffsets);
        for (const [offset, record] of recovered) {
          expect(record).toEqual(before.find(([original]) => original === offset)?.[1]);
        }
        expect(reopened.segmentCount).toBe(2);
        sawAfter = true;
      }
      expect(reopened.logEndOffset).toBe(30);
      const names = await memory.readdir(DIRECTORY);
      expect(names.filter((name) => /\.(cleaned|swap|replaces)$/.test(name))).toEqual([]);
      await reopened.close();
      if (outcome === "done") {
        expect(after).toEqual(recovered);
        break;
      }
    }
    expect(step).toBeGreaterThan(5);
    expect(sawBefore && sawAfter).toBe(true);
  });
});
