import { iterateRecordBatches } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem, PartitionLog, TailCache } from "../src/index.js";
import { appendBytes, makeBatch } from "./helpers.js";

describe("tail cache", () => {
  it("serves tailing reads from memory; catch-up reads go to the files and do not evict it", async () => {
    const log = await PartitionLog.open({
      directory: "/d/t-0",
      fileSystem: new MemoryFileSystem(),
      config: { tailCacheBytes: 2_000, segmentBytes: 1_000 },
    });
    for (let index = 0; index < 40; index += 1)
      await appendBytes(log, makeBatch({ count: 2, valueBytes: 40, tag: index }));
    const tail = await log.read(log.logEndOffset - 2, 1 << 20);
    expect(tail.fromTailCache).toBe(true);
    const oldest = await log.read(0, 1 << 20);
    expect(oldest.fromTailCache).toBe(false);
    expect([...iterateRecordBatches(oldest.bytes)][0]?.baseOffset).toBe(0);
    // After a full catch-up pass, the tail is still served from memory.
    let offset = 0;
    while (offset < log.logEndOffset) offset = (await log.read(offset, 300)).nextOffset;
    expect((await log.read(log.logEndOffset - 2, 1 << 20)).fromTailCache).toBe(true);
    await log.close();
  });

  it("keeps a contiguous run ending at the log end within its byte budget", () => {
    const cache = new TailCache(300);
    const batch = (): Uint8Array => makeBatch({ count: 1, valueBytes: 40 });
    for (let offset = 0; offset < 10; offset += 1) cache.add(offset, offset, batch());
    expect(cache.sizeBytes).toBeLessThanOrEqual(300);
    expect(cache.covers(9)).toBe(true);
    expect(cache.covers(0)).toBe(false);
    cache.truncateTo(8);
    expect(cache.read(9, 1_000, 100)?.length ?? 0).toBe(0);
  });
});

describe("flush policies", () => {
  it("interval: durable resolves at the periodic fsync, not before it ran", async () => {
    const fileSystem = new MemoryFileSystem();
    const log = await PartitionLog.open({
      directory: "/d/t-0",
      fileSystem,
      config: { flushPolicy: "interval", flushIntervalMs: 20 },
    });
    const result = await appendBytes(log, makeBatch({ count: 1 }));
    expect(log.flushedOffset).toBe(0);
    let durable = false;
    void result.durable.then(() => {
      durable = true;
    });
    await waitFor(() => durable, { timeoutMs: 10_000, message: "the append to become durable" });
    expect(log.flushedOffset).toBe(1);
    expect(fileSystem.unflushedFiles()).toEqual([]);
    await log.close();
  });
});
