import { decodeRecordBatch, iterateRecordBatches } from "@rill/protocol";
import { type FlushPolicy, MemoryFileSystem, PartitionLog } from "../src/index.js";
import { appendBytes, makeBatch } from "./helpers.js";

/** mulberry32: a tiny seeded PRNG so every trial is reproducible from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RECORDS_PER_BATCH = 2;
const DIRECTORY = "/data/topic-0";

export function tagOf(bytes: Uint8Array): number {
  const value = decodeRecordBatch(bytes).records[0]?.value as Uint8Array;
  return Buffer.from(value).readUInt32BE(0);
}

/**
 * One trial of the lost-unflushed-writes mode: append batches (tag i → offsets 2i, 2i+1) with
 * several in flight, note every batch whose `durable` resolved, pull the plug at a random moment
 * (MemoryFileSystem.crash drops every byte not covered by a datasync), reopen, and count the
 * acknowledged batches that are missing or different.
 */
export async function crashTrial(
  policy: FlushPolicy,
  seed: number,
): Promise<{ acknowledged: number; lost: number }> {
  const next = random(seed);
  const fileSystem = new MemoryFileSystem();
  const config = { flushPolicy: policy, segmentBytes: 4096, indexIntervalBytes: 256 };
  const log = await PartitionLog.open({ directory: DIRECTORY, fileSystem, config });
  const acknowledged = new Set<number>();
  let crashed = false;
  const crashAfterTicks = 5 + Math.floor(next() * 60);
  const inFlight: Promise<unknown>[] = [];
  let tag = 0;
  for (let tick = 0; tick < crashAfterTicks; tick += 1) {
    const appends = 1 + Math.floor(next() * 4);
    for (let index = 0; index < appends; index += 1) {
      const batchTag = tag;
      tag += 1;
      const pending = appendBytes(log, makeBatch({ count: RECORDS_PER_BATCH, valueBytes: 40, tag: batchTag }))
        .then((result) => result.durable)
        .then(() => {
          if (!crashed) acknowledged.add(batchTag);
        })
        .catch(() => undefined);
      inFlight.push(pending);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  crashed = true;
  fileSystem.crash();
  await Promise.all(inFlight);
  const reopened = await PartitionLog.open({ directory: DIRECTORY, fileSystem, config });
  let lost = 0;
  for (const batchTag of acknowledged) {
    const offset = batchTag * RECORDS_PER_BATCH;
    if (offset >= reopened.logEndOffset) {
      lost += 1;
      continue;
    }
    const read = await reopened.read(offset, 1);
    const first = [...iterateRecordBatches(read.bytes)][0];
    if (first?.baseOffset !== offset || tagOf(read.bytes) !== batchTag) lost += 1;
  }
  // Nothing invalid is served: the whole recovered log decodes, offsets dense and tags in order.
  let offset = reopened.logStartOffset;
  while (offset < reopened.logEndOffset) {
    const read = await reopened.read(offset, 1 << 16);
    for (const header of iterateRecordBatches(read.bytes)) {
      if (header.baseOffset !== offset)
        throw new Error(`served offset ${header.baseOffset}, expected ${offset}`);
      offset = header.lastOffset + 1;
    }
  }
  await reopened.close();
  return { acknowledged: acknowledged.size, lost };
}
