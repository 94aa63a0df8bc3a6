import { join } from "node:path";
import { decodeRecordBatch, isRillError, iterateRecordBatches } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  Flusher,
  ForwardingFileSystem,
  MemoryFileSystem,
  PartitionLog,
  type PartitionLogOptions,
  type StorageFile,
} from "../src/index.js";
import {
  appendBytes,
  appendBytesAsFollower,
  concat,
  ManualClock,
  makeBatch,
  makeTempDir,
  type TempDir,
} from "./helpers.js";

const dirs: TempDir[] = [];
const logs: PartitionLog[] = [];

afterEach(async () => {
  for (const log of logs.splice(0)) await log.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) dir.remove();
});

async function openLog(
  options: Partial<PartitionLogOptions> & { directory?: string } = {},
): Promise<PartitionLog> {
  let directory = options.directory;
  if (directory === undefined) {
    const dir = makeTempDir();
    dirs.push(dir);
    directory = join(dir.path, "topic-0");
  }
  const log = await PartitionLog.open({ ...options, directory });
  logs.push(log);
  return log;
}

function offsetsIn(bytes: Uint8Array): number[] {
  return [...iterateRecordBatches(bytes)].flatMap((header) =>
    Array.from({ length: header.lastOffsetDelta + 1 }, (_, index) => header.baseOffset + index),
  );
}

describe("PartitionLog append and read", () => {
  it("assigns offsets in order, stamps them in place, reads whole batches back", async () => {
    const log = await openLog();
    const first = await appendBytes(log, makeBatch({ count: 3 }));
    const second = await appendBytes(log, concat(makeBatch({ count: 2 }), makeBatch({ count: 4 })));
    expect(first).toMatchObject({ firstOffset: 0, lastOffset: 2 });
    expect(second).toMatchObject({ firstOffset: 3, lastOffset: 8 });
    await second.durable;
    expect(log.logEndOffset).toBe(9);
    expect(log.flushedOffset).toBe(9);
    const all = await log.read(0, 1 << 20);
    expect(offsetsIn(all.bytes)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(all.nextOffset).toBe(9);
    const fromMiddle = await log.read(4, 1 << 20);
    // The batch holding offset 4 starts at 3: whole batches are returned.
    expect(offsetsIn(fromMiddle.bytes)[0]).toBe(3);
    expect((await log.read(9, 100)).bytes.length).toBe(0);
  });

  it("returns at least one batch even when larger than maxBytes, and stops at maxOffset", async () => {
    const log = await openLog();
    for (let index = 0; index < 5; index += 1)
      await appendBytes(log, makeBatch({ count: 2, valueBytes: 200 }));
    const one = await log.read(0, 1);
    expect(offsetsIn(one.bytes)).toEqual([0, 1]);
    const capped = await log.read(0, 1 << 20, { maxOffset: 6 });
    expect(offsetsIn(capped.bytes)).toEqual([0, 1, 2, 3, 4, 5]);
    const straddling = await log.read(0, 1 << 20, { maxOffset: 5 });
    // The batch 4..5 holds the high watermark 5: not exposed.
    expect(offsetsIn(straddling.bytes)).toEqual([0, 1, 2, 3]);
  });

  it("rejects reads outside [logStartOffset, logEndOffset] with OFFSET_OUT_OF_RANGE", async () => {
    const log = await openLog();
    await appendBytes(log, makeBatch({ count: 2 }));
    await expect(log.read(3, 100)).rejects.toSatisfy((error) => isRillError(error, "OFFSET_OUT_OF_RANGE"));
    await expect(log.read(-1, 100)).rejects.toSatisfy((error) => isRillError(error, "OFFSET_OUT_OF_RANGE"));
  });

  it("appends nothing when any batch of a request is corrupt or too large", async () => {
    const log = await openLog({ config: { maxMessageBytes: 2000 } });
    await appendBytes(log, makeBatch({ count: 1 }));
    const bad = makeBatch({ count: 2 });
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
    await expect(appendBytes(log, concat(makeBatch({ count: 1 }), bad))).rejects.toSatisfy((error) =>
      isRillError(error, "CORRUPT_MESSAGE"),
    );
    await expect(
      appendBytes(log, concat(makeBatch({ count: 1 }), makeBatch({ count: 1, valueBytes: 3000 }))),
    ).rejects.toSatisfy((error) => isRillError(error, "MESSAGE_TOO_LARGE"));
    await expect(appendBytes(log, new Uint8Array(10))).rejects.toSatisfy((error) =>
      isRillError(error, "CORRUPT_MESSAGE"),
    );
    expect(log.logEndOffset).toBe(1);
    const next = await appendBytes(log, makeBatch({ count: 1 }));
    expect(next.firstOffset).toBe(1);
  });

  it("stamps the partition leader epoch and records where each epoch starts", async () => {
    const log = await openLog();
    await appendBytes(log, makeBatch({ count: 3 }), { leaderEpoch: 1 });
    await appendBytes(log, makeBatch({ count: 2 }), { leaderEpoch: 3 });
    await appendBytes(log, makeBatch({ count: 2 }), { leaderEpoch: 3 });
    expect(log.leaderEpochs()).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 3 },
    ]);
    // Where each epoch ends (Kafka's rules) is LeaderEpochCache.endOffsetFor's, tested beside it.
    const read = await log.read(3, 100);
    expect(decodeRecordBatch(read.bytes).partitionLeaderEpoch).toBe(3);
  });

  it("follower appends keep the leader's offsets and refuse to go back", async () => {
    const leader = await openLog();
    await appendBytes(leader, makeBatch({ count: 3 }), { leaderEpoch: 2 });
    await appendBytes(leader, makeBatch({ count: 3 }), { leaderEpoch: 2 });
    const follower = await openLog();
    const fetched = (await leader.read(0, 1 << 20)).bytes;
    const result = await appendBytesAsFollower(follower, Buffer.from(fetched));
    expect(result).toMatchObject({ firstOffset: 0, lastOffset: 5 });
    expect(follower.leaderEpochs()).toEqual([{ epoch: 2, startOffset: 0 }]);
    await expect(appendBytesAsFollower(follower, Buffer.from(fetched))).rejects.toSatisfy((error) =>
      isRillError(error, "INVALID_REQUEST"),
    );
  });

  it("rolls on segment.bytes and segment.ms, reads across segments, reopens cleanly", async () => {
    const clock = new ManualClock();
    const dir = makeTempDir();
    dirs.push(dir);
    const directory = join(dir.path, "t-0");
    const config = { segmentBytes: 1000, segmentMs: 60_000, indexIntervalBytes: 100 };
    const log = await openLog({ directory, clock, config });
    for (let index = 0; index < 20; index += 1)
      await appendBytes(log, makeBatch({ count: 2, valueBytes: 50, tag: index }));
    expect(log.segmentCount).toBeGreaterThan(3);
    const segmentsBefore = log.segmentCount;
    clock.nowMs += 60_000;
    await appendBytes(log, makeBatch({ count: 1 }));
    expect(log.segmentCount).toBe(segmentsBefore + 1);
    const all = await log.read(0, 1 << 20);
    expect(offsetsIn(all.bytes)[0]).toBe(0);
    let offset = 0;
    const seen: number[] = [];
    while (offset < log.logEndOffset) {
      const result = await log.read(offset, 300);
      seen.push(...offsetsIn(result.bytes));
      offset = result.nextOffset;
    }
    expect(seen).toEqual(Array.from({ length: 41 }, (_, index) => index));
    await log.close();
    const reopened = await openLog({ directory, clock, config });
    expect(reopened.recovery?.cleanShutdown).toBe(true);
    expect(reopened.logEndOffset).toBe(41);
    expect(reopened.segmentBaseOffsets()).toEqual(log.segmentBaseOffsets());
    const again = await reopened.read(17, 1);
    expect(offsetsIn(again.bytes)).toEqual([16, 17]);
    const appended = await appendBytes(reopened, makeBatch({ count: 1 }));
    expect(appended.firstOffset).toBe(41);
  });

  it("truncateTo removes the batch holding the offset and everything after, keeping epochs right", async () => {
    const log = await openLog({ config: { segmentBytes: 600 } });
    for (let epoch = 0; epoch < 6; epoch += 1)
      await appendBytes(log, makeBatch({ count: 3, valueBytes: 60 }), { leaderEpoch: epoch });
    expect(log.segmentCount).toBeGreaterThan(2);
    await log.truncateTo(7);
    expect(log.logEndOffset).toBe(6);
    expect(log.leaderEpochs().map((entry) => entry.epoch)).toEqual([0, 1]);
    expect(offsetsIn((await log.read(0, 1 << 20)).bytes).at(-1)).toBe(5);
    const next = await appendBytes(log, makeBatch({ count: 1 }), { leaderEpoch: 9 });
    expect(next.firstOffset).toBe(6);
    await log.truncateFullyAndStartAt(100);
    expect([log.logStartOffset, log.logEndOffset, log.segmentCount]).toEqual([100, 100, 1]);
    expect(log.leaderEpochs()).toEqual([]);
    expect((await appendBytes(log, makeBatch({ count: 1 }))).firstOffset).toBe(100);
  });

  it("finds offsets by timestamp at record granularity", async () => {
    const log = await openLog({ config: { segmentBytes: 500, indexIntervalBytes: 50 } });
    for (let index = 0; index < 10; index += 1) {
      await appendBytes(log, makeBatch({ count: 4, timestamp: 10_000 + index * 100 }));
    }
    // Batch i holds timestamps 10000+100i .. +3 at offsets 4i..4i+3.
    expect(await log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 10_000 });
    expect(await log.offsetForTimestamp(10_502)).toEqual({ offset: 22, timestamp: 10_502 });
    expect(await log.offsetForTimestamp(10_550)).toEqual({ offset: 24, timestamp: 10_600 });
    expect(await log.offsetForTimestamp(20_000)).toBeUndefined();
  });

  it("group commit: appends written while an fdatasync runs share the next round's one fdatasync", async () => {
    const fileSystem = new HeldDatasyncFileSystem(new MemoryFileSystem());
    const flusher = new Flusher();
    const log = await openLog({ directory: "/data/t-0", fileSystem, flusher });
    await (await appendBytes(log, makeBatch({ count: 1 }))).durable;
    const roundsBefore = flusher.rounds;
    const syncsBefore = fileSystem.datasyncs;
    const release = fileSystem.hold();
    const first = await appendBytes(log, makeBatch({ count: 1 }));
    await waitFor(() => fileSystem.held > 0, {
      timeoutMs: 10_000,
      intervalMs: 0,
      message: "a held fdatasync",
    });
    const syncsPerRound = fileSystem.datasyncs - syncsBefore;
    const during = [];
    for (let index = 0; index < 5; index += 1) during.push(await appendBytes(log, makeBatch({ count: 1 })));
    release();
    await Promise.all([first, ...during].map((result) => result.durable));
    expect(log.flushedOffset).toBe(7);
    // Round 1 covered the first append; the five written meanwhile waited for round 2 together.
    expect(flusher.rounds - roundsBefore).toBe(2);
    expect(fileSystem.datasyncs - syncsBefore).toBe(2 * syncsPerRound);
  });

  it("group commit shares fsyncs across partitions and reports durability", async () => {
    const fileSystem = new MemoryFileSystem();
    const flusher = new Flusher();
    const partitions = await Promise.all(
      [0, 1, 2, 3].map((partition) => openLog({ directory: `/data/t-${partition}`, fileSystem, flusher })),
    );
    const syncsBefore = fileSystem.datasyncCount;
    const results = await Promise.all(
      partitions.flatMap((log) => [
        appendBytes(log, makeBatch({ count: 1 })),
        appendBytes(log, makeBatch({ count: 1 })),
      ]),
    );
    await Promise.all(results.map((result) => result.durable));
    for (const log of partitions) expect(log.flushedOffset).toBe(2);
    // 8 appends on 4 files: at most one fdatasync per file per round, and few rounds.
    expect(fileSystem.datasyncCount - syncsBefore).toBeLessThanOrEqual(8);
    expect(flusher.rounds).toBeLessThanOrEqual(2);
    expect(fileSystem.unflushedFiles()).toEqual([]);
  });
});

/** Counts fdatasyncs and holds them (started, not finished) between `hold()` and its release. */
class HeldDatasyncFileSystem extends ForwardingFileSystem {
  datasyncs = 0;
  held = 0;
  #gate: Promise<void> | undefined;

  hold(): () => void {
    let release: () => void = () => undefined;
    this.#gate = new Promise((resolve) => {
      release = resolve;
    });
    return () => {
      this.#gate = undefined;
      release();
    };
  }

  override async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    const file = await this.inner.open(path, options);
    const datasync = async (): Promise<void> => {
      this.datasyncs += 1;
      const gate = this.#gate;
      if (gate !== undefined) {
        this.held += 1;
        await gate;
      }
      await file.datasync();
    };
    return {
      read: (buffer, offset, length, position) => file.read(buffer, offset, length, position),
      write: (buffers, position) => file.write(buffers, position),
      datasync,
      truncate: (length) => file.truncate(length),
      size: () => file.size(),
      close: () => file.close(),
    };
  }
}
