/**
 * Topic configs reach an open log at once (PartitionLog.updateConfig, LogManager.updateLogConfig),
 * and a LogManager that does not open logs at start-up opens each with the config its caller
 * gives (the broker's topic config from the metadata image).
 */
import { isRillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { LogCleaner, type LogConfig, LogManager, MemoryFileSystem, PartitionLog } from "../src/index.js";
import { appendBytes, appendBytesAsFollower, ManualClock, makeBatch } from "./helpers.js";

async function openMemoryLog(config: Partial<LogConfig>, clock = new ManualClock()): Promise<PartitionLog> {
  return PartitionLog.open({ directory: "/data/topic-0", fileSystem: new MemoryFileSystem(), config, clock });
}

describe("PartitionLog.updateConfig", () => {
  it("applies max.message.bytes to the next append, both ways", async () => {
    const log = await openMemoryLog({ maxMessageBytes: 200 });
    const batch = makeBatch({ count: 1, valueBytes: 300 });
    await expect(appendBytes(log, batch)).rejects.toSatisfy((error) =>
      isRillError(error, "MESSAGE_TOO_LARGE"),
    );
    expect(log.logEndOffset).toBe(0);
    log.updateConfig({ maxMessageBytes: 1_000 });
    await (await appendBytes(log, batch)).durable;
    expect(log.logEndOffset).toBe(1);
    log.updateConfig({ maxMessageBytes: 200 });
    await expect(appendBytes(log, batch)).rejects.toSatisfy((error) =>
      isRillError(error, "MESSAGE_TOO_LARGE"),
    );
    expect(log.logEndOffset).toBe(1);
    await log.close();
  });

  it("rolls by the new segment.bytes and deletes by the new retention.ms on the next check", async () => {
    const clock = new ManualClock(1_000_000);
    const log = await openMemoryLog({ retentionMs: -1 }, clock);
    for (let index = 0; index < 4; index += 1)
      await appendBytes(log, makeBatch({ count: 1, valueBytes: 100 }));
    expect(log.segmentCount).toBe(1);
    log.updateConfig({ segmentBytes: 300, retentionMs: -1 });
    for (let index = 0; index < 4; index += 1)
      await appendBytes(log, makeBatch({ count: 1, valueBytes: 100 }));
    expect(log.segmentCount).toBeGreaterThan(1);
    log.setHighWatermark(log.logEndOffset);
    expect(await log.applyRetention()).toBe(0);
    log.updateConfig({ segmentBytes: 300, retentionMs: 1_000 });
    expect(await log.applyRetention()).toBeGreaterThan(0);
    expect(log.logStartOffset).toBeGreaterThan(0);
    await log.close();
  });

  it("switches compaction on with cleanup.policy=compact", async () => {
    const fileSystem = new MemoryFileSystem();
    const clock = new ManualClock();
    const log = await PartitionLog.open({
      directory: "/data/topic-0",
      fileSystem,
      clock,
      config: { segmentBytes: 450 },
    });
    const cleaner = new LogCleaner({ fileSystem, clock });
    for (let index = 0; index < 6; index += 1) {
      await appendBytes(log, makeBatch({ keys: ["same-key"], valueBytes: 100, tag: index }));
    }
    log.setHighWatermark(log.logEndOffset);
    expect((await cleaner.clean(log)).segmentsWritten).toBe(0);
    log.updateConfig({ segmentBytes: 450, cleanupPolicy: "compact" });
    const before = log.sizeBytes;
    expect((await cleaner.clean(log)).segmentsWritten).toBeGreaterThan(0);
    expect(log.sizeBytes).toBeLessThan(before);
    await log.close();
  });

  it("refuses a bad value or a change of a process setting and keeps the config", async () => {
    const log = await openMemoryLog({ segmentBytes: 1_000 });
    expect(() => log.updateConfig({ segmentBytes: 0 })).toThrow(/segment.bytes=0 is invalid/);
    expect(() => log.updateConfig({ segmentBytes: 1_000, flushPolicy: "none" })).toThrow(/flushPolicy/);
    expect(log.config.segmentBytes).toBe(1_000);
    expect(log.config.flushPolicy).toBe("group-commit");
    await log.close();
  });
});

describe("LogManager and topic configs", () => {
  it("opens no log at start when asked, then each with the config the caller gives", async () => {
    const fileSystem = new MemoryFileSystem();
    const first = await LogManager.open({ dataDirectory: "/data", fileSystem });
    await (await appendBytes(await first.getOrCreateLog("small", 0), makeBatch({ count: 1 }))).durable;
    await first.close();

    const manager = await LogManager.open({
      dataDirectory: "/data",
      fileSystem,
      openLogsOnStart: false,
      defaultConfig: { segmentBytes: 4_096 },
    });
    expect(manager.allLogs().size).toBe(0);
    const log = await manager.getOrCreateLog("small", 0, { maxMessageBytes: 500 });
    expect(log.logEndOffset).toBe(1);
    expect(log.config).toMatchObject({ maxMessageBytes: 500, segmentBytes: 4_096 });
    await manager.close();
  });

  it("updateLogConfig layers the topic config over the manager's defaults", async () => {
    const manager = await LogManager.open({
      dataDirectory: "/data",
      fileSystem: new MemoryFileSystem(),
      defaultConfig: { segmentBytes: 4_096, retentionMs: 60_000 },
    });
    await manager.getOrCreateLog("orders", 0, { retentionMs: 1_000 });
    expect(manager.updateLogConfig("orders", 0, { cleanupPolicy: "compact" })).toMatchObject({
      segmentBytes: 4_096,
      retentionMs: 60_000,
      cleanupPolicy: "compact",
    });
    expect(manager.getLog("orders", 0)?.config.cleanupPolicy).toBe("compact");
    expect(manager.updateLogConfig("orders", 1, {})).toBeUndefined();
    await manager.close();
  });
});

describe("follower appends and lowered limits", () => {
  it("take batches above a max.message.bytes lowered since, and rounds above segment.bytes", async () => {
    const leader = await openMemoryLog({ segmentBytes: 4_096 });
    // append stamps offsets into the bytes given: a fresh batch each time.
    for (let index = 0; index < 3; index += 1)
      await appendBytes(leader, makeBatch({ count: 1, valueBytes: 1_000 }));
    const round = await leader.read(0, 1_000_000);
    await leader.close();

    const follower = await openMemoryLog({ segmentBytes: 4_096 });
    follower.updateConfig({ segmentBytes: 2_000, maxMessageBytes: 500 });
    await expect(appendBytes(follower, makeBatch({ count: 1, valueBytes: 1_000 }))).rejects.toSatisfy(
      (error) => isRillError(error, "MESSAGE_TOO_LARGE"),
    );
    await (await appendBytesAsFollower(follower, round.bytes)).durable;
    expect(follower.logEndOffset).toBe(3);
    await follower.close();
  });
});
