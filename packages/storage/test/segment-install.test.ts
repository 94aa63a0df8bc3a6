/**
 * Bulk copy on the storage side: a new replica stages the leader's sealed segments file by file,
 * resumes a broken copy from its last durable chunk (also after a reopen), and installs each
 * complete segment atomically at its empty log end; the copied log reads back the leader's
 * batches byte for byte, with the leader's epochs, and survives a reopen with or without a clean
 * shutdown.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PartitionLog, type StagedSegment } from "../src/index.js";
import { appendBytes, makeBatch, makeTempDir, type TempDir } from "./helpers.js";

const dirs: TempDir[] = [];
const logs: PartitionLog[] = [];

afterEach(async () => {
  for (const log of logs.splice(0)) await log.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) dir.remove();
});

async function openLog(directory: string): Promise<PartitionLog> {
  const log = await PartitionLog.open({ directory, config: { segmentBytes: 4096, indexIntervalBytes: 256 } });
  logs.push(log);
  return log;
}

function directoryOf(name: string): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return join(dir.path, name);
}

/** A leader with several sealed segments over two leader epochs. */
async function leaderLog(): Promise<PartitionLog> {
  const log = await openLog(directoryOf("leader-0"));
  for (let index = 0; index < 60; index += 1) {
    await appendBytes(log, makeBatch({ count: 3, valueBytes: 100, tag: index }), {
      leaderEpoch: index < 30 ? 1 : 4,
    });
  }
  await log.flush();
  return log;
}

/** Copies `base` from the leader into `staged` starting where it stands, in chunks; stops after `chunksMax`. */
async function copyInto(
  leader: PartitionLog,
  staged: StagedSegment,
  chunkBytes: number,
  chunksMax = Number.POSITIVE_INFINITY,
): Promise<void> {
  const segment = leader.sealedSegment(staged.header.baseOffset);
  if (segment === undefined) throw new Error("segment gone");
  let chunks = 0;
  while (staged.remaining("log") > 0) {
    if (chunks >= chunksMax) return;
    const position = segment.logBytes - staged.remaining("log");
    await staged.write(
      "log",
      position,
      await leader.readSegmentFile(segment.baseOffset, position, chunkBytes),
    );
    chunks += 1;
  }
  await staged.write("offsetIndex", 0, segment.offsetIndex);
  await staged.write("timeIndex", 0, segment.timeIndex);
}

/** Every batch below `end`, concatenated (a read returns batches of one segment at a time). */
async function readAll(log: PartitionLog, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = log.logStartOffset;
  while (offset < end) {
    const { bytes, nextOffset } = await log.read(offset, 1 << 20, { maxOffset: end });
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset = nextOffset;
  }
  return Buffer.concat(parts);
}

function headerOf(leader: PartitionLog, base: number) {
  const segment = leader.sealedSegment(base);
  if (segment === undefined) throw new Error("segment gone");
  return {
    baseOffset: segment.baseOffset,
    nextOffset: segment.nextOffset,
    logBytes: segment.logBytes,
    offsetIndexBytes: segment.offsetIndex.length,
    timeIndexBytes: segment.timeIndex.length,
    epochs: segment.epochs,
  };
}

describe("bulk copy into a PartitionLog", () => {
  it("copies every sealed segment, resuming from the last durable chunk after a reopen", async () => {
    const leader = await leaderLog();
    const bases = leader.sealedSegmentsFrom(0);
    expect(bases.length).toBeGreaterThan(3);
    expect(leader.sealedSegmentsFrom(1)).toEqual([]);
    const directory = directoryOf("follower-0");
    let follower = await openLog(directory);
    for (const [index, base] of bases.entries()) {
      let staged = await follower.stageSegment(headerOf(leader, base));
      if (index === 1) {
        // Two chunks made durable, a third written but not: a crash keeps only the durable two.
        await copyInto(leader, staged, 1000, 2);
        await staged.checkpoint();
        await copyInto(leader, staged, 1000, 1);
        await staged.close();
        await follower.close();
        follower = await openLog(directory);
        const found = await follower.findStagedSegment();
        expect(found?.header.baseOffset).toBe(base);
        expect(found?.durableLogBytes).toBe(2000);
        staged = found as StagedSegment;
      }
      await copyInto(leader, staged, 1000);
      await staged.seal();
      await follower.installStagedSegment(staged);
      expect(follower.logEndOffset).toBe(headerOf(leader, base).nextOffset);
      expect(follower.activeSegmentIsEmpty).toBe(true);
    }
    const copiedEnd = follower.logEndOffset;
    expect(copiedEnd).toBe(leader.sealedSegment(bases.at(-1) as number)?.nextOffset);
    expect(await follower.findStagedSegment()).toBeUndefined();
    const expected = await readAll(leader, copiedEnd);
    expect(expected.length).toBeGreaterThan(4096 * 3);
    expect(Buffer.compare(await readAll(follower, copiedEnd), expected)).toBe(0);
    expect(follower.leaderEpochs()).toEqual(
      leader.leaderEpochs().filter((entry) => entry.startOffset < copiedEnd),
    );
    // Still there after a clean reopen, and after one without a clean shutdown (recovery).
    await follower.close();
    follower = await openLog(directory);
    expect(Buffer.compare(await readAll(follower, copiedEnd), expected)).toBe(0);
    const unclean = await PartitionLog.open({ directory, config: { segmentBytes: 4096 } });
    logs.push(unclean);
    await follower.close();
    expect(unclean.logEndOffset).toBe(copiedEnd);
  });

  it("refuses a segment that does not start at the empty log end, and a chunk out of order", async () => {
    const leader = await leaderLog();
    const [first, second] = leader.sealedSegmentsFrom(0) as [number, number];
    const follower = await openLog(directoryOf("follower-0"));
    const staged = await follower.stageSegment(headerOf(leader, second));
    await expect(staged.write("log", 10, Buffer.alloc(10))).rejects.toThrow(/expected 0/);
    await copyInto(leader, staged, 4096);
    await staged.seal();
    await expect(follower.installStagedSegment(staged)).rejects.toThrow(/cannot install segment/);
    expect(follower.logEndOffset).toBe(0);
    expect(first).toBe(0);
  });
});
