import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { iterateRecordBatches } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { CLEAN_SHUTDOWN_FILE, NodeFileSystem, PartitionLog, PowerLossFileSystem } from "../src/index.js";
import { appendBytes, makeBatch, makeTempDir, type TempDir } from "./helpers.js";

const dirs: TempDir[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

const SEGMENT = `${"0".padStart(20, "0")}.log`;

/** Builds a log of `batches` batches of 3 records, closes it uncleanly (no marker), returns sizes. */
async function buildLog(directory: string, batches: number): Promise<{ sizes: number[]; fileBytes: Buffer }> {
  const log = await PartitionLog.open({ directory, config: { indexIntervalBytes: 64 } });
  const sizes: number[] = [];
  for (let index = 0; index < batches; index += 1) {
    const batch = makeBatch({ count: 3, valueBytes: 20, tag: index });
    sizes.push(batch.length);
    await (await appendBytes(log, batch)).durable;
  }
  await log.close();
  const fileBytes = readFileSync(join(directory, SEGMENT));
  return { sizes, fileBytes };
}

async function reopenAndCheck(directory: string, expectedEnd: number): Promise<void> {
  const log = await PartitionLog.open({ directory });
  try {
    expect(log.logEndOffset).toBe(expectedEnd);
    if (expectedEnd > 0) {
      const read = await log.read(0, 1 << 20);
      const headers = [...iterateRecordBatches(read.bytes)];
      expect(headers.at(-1)?.lastOffset).toBe(expectedEnd - 1);
    }
    // The log keeps working after recovery.
    expect((await appendBytes(log, makeBatch({ count: 1 }))).firstOffset).toBe(expectedEnd);
  } finally {
    await log.close();
  }
}

describe("recovery", () => {
  it("truncates a torn last batch at every byte and keeps every batch before it", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const directory = join(dir.path, "t-0");
    const { sizes, fileBytes } = await buildLog(directory, 4);
    const lastStart = fileBytes.length - (sizes.at(-1) as number);
    for (let cut = lastStart; cut < fileBytes.length; cut += 1) {
      writeFileSync(join(directory, SEGMENT), fileBytes.subarray(0, cut));
      // Unclean: remove the marker and the checkpoint's recovery point does not cover the tail.
      writeFileSync(
        join(directory, "log-state.checkpoint"),
        "rill-log-state 1\nrecovery-point 0\nlog-start-offset 0\nhigh-watermark 0\n",
      );
      rmSync(join(directory, CLEAN_SHUTDOWN_FILE), { force: true });
      await reopenAndCheck(directory, 9);
      // reopenAndCheck appended a record and closed cleanly; the next round rewrites the file.
    }
  });

  it("truncates at the first batch with a flipped bit, whatever bit it is", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const directory = join(dir.path, "t-0");
    const { sizes, fileBytes } = await buildLog(directory, 4);
    const secondStart = sizes[0] as number;
    const secondEnd = secondStart + (sizes[1] as number);
    // baseOffset (bytes 0-7) and partitionLeaderEpoch (12-15) sit outside the CRC by design
    // (Kafka's layout, so they can be stamped in place): a flip there that moves the offset
    // forward or changes the epoch is not detectable. Every other byte is.
    for (let at = secondStart + 8; at < secondEnd; at += 1) {
      if (at - secondStart >= 12 && at - secondStart < 16) continue;
      const damaged = Buffer.from(fileBytes);
      damaged[at] = (damaged[at] as number) ^ (1 << (at % 8));
      writeFileSync(join(directory, SEGMENT), damaged);
      writeFileSync(
        join(directory, "log-state.checkpoint"),
        "rill-log-state 1\nrecovery-point 0\nlog-start-offset 0\nhigh-watermark 0\n",
      );
      rmSync(join(directory, CLEAN_SHUTDOWN_FILE), { force: true });
      const log = await PartitionLog.open({ directory });
      try {
        expect(log.logEndOffset).toBe(3);
      } finally {
        await log.close();
      }
    }
  });

  it("rebuilds a corrupt or missing index after a clean shutdown", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const directory = join(dir.path, "t-0");
    await buildLog(directory, 30);
    const indexPath = join(directory, `${"0".padStart(20, "0")}.index`);
    const indexBytes = readFileSync(indexPath);
    expect(indexBytes.length).toBeGreaterThan(8);
    // Garbage in the index: entries out of order.
    writeFileSync(indexPath, Buffer.alloc(indexBytes.length, 0x7f));
    const log = await PartitionLog.open({ directory, config: { indexIntervalBytes: 64 } });
    expect(log.logEndOffset).toBe(90);
    const read = await log.read(47, 1);
    expect([...iterateRecordBatches(read.bytes)][0]?.baseOffset).toBe(45);
    await log.close();
    const rebuilt = readFileSync(indexPath);
    expect([...rebuilt]).toEqual([...indexBytes]);
  });
});

describe("recovery after an unclean shutdown, then another one", () => {
  it("syncs what it recovered and checkpoints the recovery point, so a second crash loses nothing and rescans only the active segment", async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const built = join(dir.path, "built-0");
    const config = { segmentBytes: 256, indexIntervalBytes: 64 };
    const log = await PartitionLog.open({ directory: built, config });
    for (let index = 0; index < 8; index += 1) {
      await (await appendBytes(log, makeBatch({ count: 3, valueBytes: 40, tag: index }))).durable;
    }
    const end = log.logEndOffset;
    await log.close();
    const segmentFiles = readdirSync(built).filter((name) => name.endsWith(".log"));
    expect(segmentFiles.length).toBeGreaterThan(2);

    // The same segments as a killed process left them: written, in the page cache, never synced
    // (no checkpoint, no clean-shutdown marker), on a layer that can drop unsynced bytes.
    const directory = join(dir.path, "t-0");
    mkdirSync(directory);
    const fileSystem = new PowerLossFileSystem(new NodeFileSystem());
    for (const name of segmentFiles) {
      const file = await fileSystem.open(join(directory, name), { create: true });
      await file.write([readFileSync(join(built, name))], 0);
      await file.close();
    }
    const recovered = await PartitionLog.open({ directory, config, fileSystem });
    expect(recovered.recovery?.segmentsRecovered).toBe(segmentFiles.length);
    expect(recovered.logEndOffset).toBe(end);

    // Power is cut right after that open: its files are what a restart finds.
    fileSystem.dropUnsyncedWrites();
    const afterCut = join(dir.path, "after-cut-0");
    cpSync(directory, afterCut, { recursive: true });
    await recovered.close();

    const reopened = await PartitionLog.open({ directory: afterCut, config });
    try {
      expect(reopened.logEndOffset).toBe(end);
      expect(reopened.recovery?.cleanShutdown).toBe(false);
      expect(reopened.recovery?.segmentsRecovered).toBe(1);
      const read = await reopened.read(0, 1 << 20);
      expect([...iterateRecordBatches(read.bytes)].at(0)?.baseOffset).toBe(0);
    } finally {
      await reopened.close();
    }
  });
});
