import { decodeRecordBatch } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem, PartitionLog } from "../src/index.js";
import { appendBytes, ManualClock, makeBatch } from "./helpers.js";

const DIRECTORY = "/data/compacted-0";

/** Every record readable from the log start: offset → [key, value or null]. */
async function records(log: PartitionLog): Promise<Map<number, [string, string | null]>> {
  const result = new Map<number, [string, string | null]>();
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const read = await log.read(offset, 1 << 20);
    if (read.bytes.length === 0) break;
    let position = 0;
    while (position < read.bytes.length) {
      const batch = decodeRecordBatch(read.bytes, { position });
      for (const record of batch.records) {
        result.set(record.offset, [
          Buffer.from(record.key as Uint8Array).toString(),
          record.value === null ? null : Buffer.from(record.value).toString(),
        ]);
      }
      position += batch.sizeInBytes;
    }
    offset = read.nextOffset;
  }
  return result;
}

describe("log compaction", () => {
  it("keeps the latest record per key with its offset, drops old tombstones, survives a crash", async () => {
    const clock = new ManualClock(1_000_000);
    const fileSystem = new MemoryFileSystem();
    const config = { segmentBytes: 600, cleanupPolicy: "compact" as const, deleteRetentionMs: 10_000 };
    const log = await PartitionLog.open({ directory: DIRECTORY, fileSystem, clock, config });
    const expected = new Map<string, [number, string | null]>();
    await appendBytes(log, makeBatch({ keys: ["d"], values: [Buffer.from("d0")], timestamp: clock.nowMs }));
    const tombstone = await appendBytes(
      log,
      makeBatch({ keys: ["d"], values: [null], timestamp: clock.nowMs }),
    );
    for (let round = 0; round < 8; round += 1) {
      const keys = ["a", "b", "c"].map((key) => `${key}`);
      const values = keys.map((key) => (round === 5 && key === "b" ? null : Buffer.from(`${key}${round}`)));
      const result = await appendBytes(log, makeBatch({ keys, values, timestamp: clock.nowMs }));
      keys.forEach((key, index) => {
        expected.set(key, [result.firstOffset + index, values[index] === null ? null : `${key}${round}`]);
      });
      clock.nowMs += 100;
    }
    await log.roll();
    await (await appendBytes(log, makeBatch({ keys: ["z"], values: [Buffer.from("z")] }))).durable;
    log.setHighWatermark(log.logEndOffset);
    const before = await records(log);
    const sizeBefore = log.sizeBytes;
    const result = await log.compact();
    expect(result.segmentsCleaned).toBeGreaterThan(0);
    expect(log.sizeBytes).toBeLessThan(sizeBefore);
    const after = await records(log);
    // Every surviving record is unchanged at its offset, and the latest per key survives.
    for (const [offset, record] of after) expect(before.get(offset)).toEqual(record);
    for (const [key, [offset, value]] of expected) expect(after.get(offset)).toEqual([key, value]);
    const latestOffsets = new Set([...expected.values()].map(([offset]) => offset));
    // Superseded records are gone except in a segment's last batch (kept whole on purpose).
    const superseded = [...after.keys()].filter(
      (offset) => !latestOffsets.has(offset) && after.get(offset)?.[0] !== "z",
    );
    expect(superseded.length).toBeLessThan(before.size - expected.size - 1);
    // The tombstone for d is the latest for its key: kept while younger than delete.retention.ms.
    expect(after.get(tombstone.firstOffset)).toEqual(["d", null]);
    expect(after.has(tombstone.firstOffset - 1)).toBe(false);
    clock.nowMs += 1_000_000;
    await log.compact();
    expect((await records(log)).has(tombstone.firstOffset)).toBe(false);
    await log.flush();
    fileSystem.crash();
    const reopened = await PartitionLog.open({ directory: DIRECTORY, fileSystem, clock, config });
    const recovered = await records(reopened);
    for (const [key, [offset, value]] of expected) expect(recovered.get(offset)).toEqual([key, value]);
    expect(recovered.has(tombstone.firstOffset)).toBe(false);
    expect(reopened.logEndOffset).toBe(log.logEndOffset);
    await reopened.close();
  });
});
