import { isRillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { FaultInjectingFileSystem, MemoryFileSystem, PartitionLog } from "../src/index.js";
import { crashTrial, tagOf } from "./crash-trial.js";
import { appendBytes, makeBatch } from "./helpers.js";

const DIRECTORY = "/data/topic-0";

describe("lost-unflushed-writes mode", () => {
  const trials = Number(process.env.RILL_STORAGE_CRASH_TRIALS ?? 100);

  it("group commit: no batch reported durable is ever lost in a crash", async () => {
    let acknowledged = 0;
    for (let seed = 1; seed <= trials; seed += 1) {
      const result = await crashTrial("group-commit", seed);
      expect(result.lost, `seed ${seed}`).toBe(0);
      acknowledged += result.acknowledged;
    }
    // The trials did exercise durable appends.
    expect(acknowledged).toBeGreaterThan(trials);
  });

  it("flush policy none: the same test detects lost acknowledged batches (it has teeth)", async () => {
    let lost = 0;
    for (let seed = 1; seed <= trials; seed += 1) lost += (await crashTrial("none", seed)).lost;
    expect(lost).toBeGreaterThan(0);
  });
});

describe("I/O errors", () => {
  it("a failed write (EIO, half written) fails the append, takes the log offline, and recovery drops the half batch", async () => {
    const memory = new MemoryFileSystem();
    const fileSystem = new FaultInjectingFileSystem(memory);
    const log = await PartitionLog.open({ directory: DIRECTORY, fileSystem });
    const first = await appendBytes(log, makeBatch({ count: 2, tag: 1 }));
    await first.durable;
    fileSystem.policy = (operation, path) =>
      operation === "write" && path.endsWith(".log") ? "EIO" : undefined;
    const failing = appendBytes(log, makeBatch({ count: 2, tag: 2, valueBytes: 300 }));
    const queuedBehind = appendBytes(log, makeBatch({ count: 2, tag: 3 }));
    await expect(failing).rejects.toSatisfy((error) => isRillError(error, "STORAGE_ERROR"));
    await expect(queuedBehind).rejects.toSatisfy((error) => isRillError(error, "STORAGE_ERROR"));
    expect(log.isOffline).toBe(true);
    expect(log.logEndOffset).toBe(2);
    await expect(log.read(0, 100)).rejects.toSatisfy(
      (error) => isRillError(error, "STORAGE_ERROR") && (error as Error).cause !== undefined,
    );
    await expect(appendBytes(log, makeBatch({ count: 1 }))).rejects.toSatisfy((error) =>
      isRillError(error, "STORAGE_ERROR"),
    );
    await log.close();
    fileSystem.policy = () => undefined;
    const reopened = await PartitionLog.open({ directory: DIRECTORY, fileSystem });
    expect(reopened.recovery?.cleanShutdown).toBe(false);
    expect(reopened.recovery?.truncatedBytes).toBeGreaterThan(0);
    expect(reopened.logEndOffset).toBe(2);
    expect(tagOf((await reopened.read(0, 100)).bytes)).toBe(1);
    await reopened.close();
  });

  it("a failed fdatasync (ENOSPC) rejects the durable promises it would have settled", async () => {
    const fileSystem = new FaultInjectingFileSystem(new MemoryFileSystem());
    const log = await PartitionLog.open({ directory: DIRECTORY, fileSystem });
    fileSystem.policy = (operation) => (operation === "datasync" ? "ENOSPC" : undefined);
    const result = await appendBytes(log, makeBatch({ count: 1 }));
    await expect(result.durable).rejects.toSatisfy(
      (error) => isRillError(error, "STORAGE_ERROR") && /ENOSPC/.test((error as Error).message),
    );
    expect(log.isOffline).toBe(true);
    expect(log.flushedOffset).toBe(0);
    await log.close();
  });
});
