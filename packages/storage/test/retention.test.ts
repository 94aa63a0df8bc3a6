import { isRillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem, PartitionLog } from "../src/index.js";
import { appendBytes, ManualClock, makeBatch } from "./helpers.js";

async function filledLog(config: Record<string, unknown>, clock = new ManualClock()): Promise<PartitionLog> {
  const log = await PartitionLog.open({
    directory: "/data/t-0",
    fileSystem: new MemoryFileSystem(),
    clock,
    config: { segmentBytes: 400, ...config },
  });
  for (let index = 0; index < 12; index += 1) {
    await appendBytes(log, makeBatch({ count: 2, valueBytes: 60, timestamp: 10_000 + index * 1_000 }));
  }
  return log;
}

describe("retention", () => {
  it("retention.ms deletes closed segments whose newest record is too old, up to the high watermark", async () => {
    const clock = new ManualClock(10_000 + 5_500);
    const log = await filledLog({ retentionMs: 2_000 }, clock);
    const segments = log.segmentBaseOffsets();
    expect(segments.length).toBeGreaterThan(3);
    // Nothing goes while the high watermark is 0: replicas may still need the data.
    expect(await log.applyRetention()).toBe(0);
    log.setHighWatermark(log.logEndOffset);
    const deleted = await log.applyRetention();
    expect(deleted).toBeGreaterThan(0);
    // Every remaining closed segment's newest record is within retention or after one that is.
    expect(log.logStartOffset).toBe(log.segmentBaseOffsets()[0]);
    await expect(log.read(0, 100)).rejects.toSatisfy((error) => isRillError(error, "OFFSET_OUT_OF_RANGE"));
    const read = await log.read(log.logStartOffset, 100);
    expect(read.bytes.length).toBeGreaterThan(0);
    clock.nowMs += 1_000_000;
    await log.applyRetention();
    // The active segment always stays.
    expect(log.segmentCount).toBe(1);
    expect(log.logEndOffset).toBe(24);
    await log.close();
  });

  it("retention.bytes deletes the oldest closed segments while the log is too large", async () => {
    const log = await filledLog({ retentionBytes: 800, retentionMs: -1 });
    log.setHighWatermark(log.logEndOffset);
    const before = log.sizeBytes;
    expect(before).toBeGreaterThan(800);
    await log.applyRetention();
    expect(log.sizeBytes).toBeLessThan(before);
    // Deleting one more closed segment would take it below retention.bytes.
    expect(log.sizeBytes - 400).toBeLessThan(800);
    await log.close();
  });

  it("deleteRecordsBefore moves the log start (not past the HW) and survives a reopen", async () => {
    const fileSystem = new MemoryFileSystem();
    const log = await PartitionLog.open({ directory: "/d/t-0", fileSystem, config: { segmentBytes: 400 } });
    for (let index = 0; index < 12; index += 1)
      await appendBytes(log, makeBatch({ count: 2, valueBytes: 60 }));
    log.setHighWatermark(10);
    await expect(log.deleteRecordsBefore(11)).rejects.toSatisfy((error) =>
      isRillError(error, "OFFSET_OUT_OF_RANGE"),
    );
    await log.deleteRecordsBefore(9);
    expect(log.logStartOffset).toBe(9);
    expect(log.segmentBaseOffsets()[0]).toBeLessThanOrEqual(9);
    await expect(log.read(8, 100)).rejects.toSatisfy((error) => isRillError(error, "OFFSET_OUT_OF_RANGE"));
    await log.flush();
    fileSystem.crash();
    const reopened = await PartitionLog.open({
      directory: "/d/t-0",
      fileSystem,
      config: { segmentBytes: 400 },
    });
    expect(reopened.logStartOffset).toBe(9);
    expect(reopened.highWatermark).toBe(10);
    await reopened.close();
  });
});
