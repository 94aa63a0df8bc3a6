import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isRillError } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { LOCK_FILE, LogManager, MemoryFileSystem } from "../src/index.js";
import { appendBytes, ManualClock, makeBatch, makeTempDir, type TempDir } from "./helpers.js";

const dirs: TempDir[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

describe("LogManager", () => {
  it("creates, reloads (in parallel) and deletes partition logs sharing one flusher", async () => {
    const fileSystem = new MemoryFileSystem();
    const manager = await LogManager.open({ dataDirectory: "/data", fileSystem, loadConcurrency: 2 });
    for (let partition = 0; partition < 5; partition += 1) {
      const log = await manager.getOrCreateLog("orders-eu", partition);
      expect(log.flusher).toBe(manager.flusher);
      await (await appendBytes(log, makeBatch({ count: partition + 1 }))).durable;
    }
    await manager.close();
    const reopened = await LogManager.open({ dataDirectory: "/data", fileSystem, loadConcurrency: 2 });
    expect([...reopened.allLogs().keys()].sort()).toEqual([0, 1, 2, 3, 4].map((p) => `orders-eu-${p}`));
    expect(reopened.getLog("orders-eu", 3)?.logEndOffset).toBe(4);
    await reopened.deleteLog("orders-eu", 3);
    expect(reopened.getLog("orders-eu", 3)).toBeUndefined();
    expect(await fileSystem.exists("/data/orders-eu-3")).toBe(false);
    await reopened.close();
  });

  it("runs retention over its logs with per-topic config", async () => {
    const clock = new ManualClock(100_000);
    const manager = await LogManager.open({
      dataDirectory: "/data",
      fileSystem: new MemoryFileSystem(),
      clock,
      defaultConfig: { segmentBytes: 300 },
      topicConfig: (topic) => (topic === "short" ? { retentionMs: 1_000 } : undefined),
    });
    for (const topic of ["short", "long"]) {
      const log = await manager.getOrCreateLog(topic, 0);
      for (let index = 0; index < 6; index += 1)
        await appendBytes(log, makeBatch({ count: 1, valueBytes: 100, timestamp: 1_000 }));
      log.setHighWatermark(log.logEndOffset);
    }
    expect(await manager.runRetention()).toBeGreaterThan(0);
    expect(manager.getLog("short", 0)?.logStartOffset).toBeGreaterThan(0);
    expect(manager.getLog("long", 0)?.logStartOffset).toBe(0);
    await manager.close();
  });

  it("refuses a data directory held in this process or by another live process", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const first = await LogManager.open({ dataDirectory: dir.path });
    await expect(LogManager.open({ dataDirectory: dir.path })).rejects.toSatisfy((error) =>
      isRillError(error, "STORAGE_ERROR"),
    );
    await first.close();
    // A live process (a sleeping child) holds the lock file.
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir.path, LOCK_FILE), `${holder.pid}\n`);
      await expect(LogManager.open({ dataDirectory: dir.path })).rejects.toSatisfy(
        (error) => isRillError(error, "STORAGE_ERROR") && /live process/.test((error as Error).message),
      );
    } finally {
      holder.kill("SIGKILL");
    }
    await new Promise<void>((resolve) =>
      holder.exitCode !== null || holder.signalCode !== null
        ? resolve()
        : holder.once("exit", () => resolve()),
    );
    // The holder is dead: its stale lock is taken over.
    const second = await LogManager.open({ dataDirectory: dir.path });
    await second.close();
  });
});
