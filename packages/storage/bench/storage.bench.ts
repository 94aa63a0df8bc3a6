/**
 * `pnpm bench storage` (add `--json` for one JSON object per figure). For 100-byte records in
 * 16 KiB and 1 MiB batches, on 1 and 16 partitions, with group commit: records/s, MB/s,
 * fsyncs/s and p50/p99 append-to-durable latency; then tail-read (served from the tail cache)
 * and catch-up-read (from the segment files) MB/s; and, in the same run, the raw sequential
 * write + fdatasync MB/s of a plain file-write loop, with the ratio group-commit / raw.
 *
 * Each figure is the median over RUNS runs of RUN_BYTES_MAX bytes or RUN_MS, whichever comes
 * first, in a fresh directory under os.tmpdir(). The machine is small and shared: figures are
 * noisy; compare medians, not single runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchmarkReporter, median, percentile } from "@rill/bench";
import { encodeRecordBatch, type RecordInput, validateReplicatedBatches } from "@rill/protocol";
import { Flusher, NodeFileSystem, PartitionLog, type StorageFile } from "../src/index.js";

const RUNS = 3;
const RUN_MS = 2_500;
const RUN_BYTES_MAX = 256 * 1024 * 1024;
const RECORD_VALUE_BYTES = 100;
const BATCH_SIZES = [16 * 1024, 1024 * 1024] as const;
const PARTITION_COUNTS = [1, 16] as const;
/** Append bytes in flight over all partitions (at least 2 appends per partition). */
const IN_FLIGHT_BYTES = 8 * 1024 * 1024;
const MB = 1_000_000;

const reporter = benchmarkReporter();

/** Counts datasync calls: fsyncs/s is a figure. */
class CountingFileSystem extends NodeFileSystem {
  datasyncs = 0;
  override async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    const file = await super.open(path, options);
    const datasync = file.datasync.bind(file);
    file.datasync = async () => {
      this.datasyncs += 1;
      await datasync();
    };
    return file;
  }
}

function makeBatchTemplate(batchBytes: number): { bytes: Uint8Array; records: number } {
  const value = Buffer.alloc(RECORD_VALUE_BYTES, 0x61);
  const encode = (count: number): Uint8Array => {
    const records: RecordInput[] = [];
    for (let index = 0; index < count; index += 1)
      records.push({ key: null, value, timestamp: 1_700_000_000_000 });
    return encodeRecordBatch({ records, now: () => 1_700_000_000_000 });
  };
  // Measure the per-record framing, then fill the batch up to batchBytes.
  const probe = encode(100);
  let count = Math.floor(((batchBytes - 61) * 100) / (probe.length - 61));
  let bytes = encode(count);
  while (bytes.length > batchBytes) {
    count -= 1;
    bytes = encode(count);
  }
  return { bytes, records: count };
}

function scratchDirectory(): string {
  return mkdtempSync(join(tmpdir(), "rill-storage-bench-"));
}

interface AppendRun {
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly fsyncsPerSecond: number;
  readonly latenciesMs: number[];
  readonly logs: PartitionLog[];
  readonly directory: string;
}

async function appendRun(batchBytes: number, partitions: number, keep: boolean): Promise<AppendRun> {
  const directory = scratchDirectory();
  const fileSystem = new CountingFileSystem();
  const flusher = new Flusher();
  const logs = await Promise.all(
    Array.from({ length: partitions }, (_, partition) =>
      PartitionLog.open({
        directory: join(directory, `bench-${partition}`),
        fileSystem,
        flusher,
        config: { tailCacheBytes: 8 * 1024 * 1024 },
      }),
    ),
  );
  const template = makeBatchTemplate(batchBytes);
  const inFlightMax = Math.max(2, Math.floor(IN_FLIGHT_BYTES / partitions / template.bytes.length));
  const latenciesMs: number[] = [];
  let bytes = 0;
  let records = 0;
  const syncsBefore = fileSystem.datasyncs;
  const start = performance.now();
  let stop = false;
  const stopTimer = setTimeout(() => {
    stop = true;
  }, RUN_MS);
  const budgetPerPartition = RUN_BYTES_MAX / partitions;
  await Promise.all(
    logs.map(async (log) => {
      let written = 0;
      const inFlight = new Set<Promise<void>>();
      while (!stop && written < budgetPerPartition) {
        const began = performance.now();
        // Validated as the broker does before it appends (part of the measured cost).
        const validated = validateReplicatedBatches(Buffer.from(template.bytes));
        const pending = log.append(validated).durable.then(() => {
          latenciesMs.push(performance.now() - began);
          bytes += template.bytes.length;
          records += template.records;
        });
        written += template.bytes.length;
        inFlight.add(pending);
        void pending.finally(() => inFlight.delete(pending));
        if (inFlight.size >= inFlightMax) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
  clearTimeout(stopTimer);
  const seconds = (performance.now() - start) / 1000;
  const result = {
    recordsPerSecond: records / seconds,
    megabytesPerSecond: bytes / MB / seconds,
    fsyncsPerSecond: (fileSystem.datasyncs - syncsBefore) / seconds,
    latenciesMs,
    logs,
    directory,
  };
  if (!keep) await cleanup(result);
  return result;
}

async function cleanup(run: AppendRun): Promise<void> {
  for (const log of run.logs) await log.close();
  rmSync(run.directory, { recursive: true, force: true });
}

/** The disk's raw sequential write + fdatasync MB/s: write a chunk, fdatasync, repeat. */
async function rawWriteRun(chunkBytes: number): Promise<number> {
  const directory = scratchDirectory();
  const handle = await open(join(directory, "raw"), "w");
  const chunk = Buffer.alloc(chunkBytes, 0x61);
  let position = 0;
  const start = performance.now();
  while (performance.now() - start < RUN_MS && position < RUN_BYTES_MAX) {
    await handle.write(chunk, 0, chunk.length, position);
    await handle.datasync();
    position += chunk.length;
  }
  const seconds = (performance.now() - start) / 1000;
  await handle.close();
  rmSync(directory, { recursive: true, force: true });
  return position / MB / seconds;
}

async function readRuns(): Promise<{ tail: number; catchUp: number }> {
  // One partition written with 16 KiB batches, then read: the tail (last 8 MiB, cached) and
  // the whole log from the start (segment files; the page cache is warm, as for a recent log).
  const run = await appendRun(16 * 1024, 1, true);
  const log = run.logs[0] as PartitionLog;
  const tails: number[] = [];
  const catchUps: number[] = [];
  for (let repeat = 0; repeat < RUNS; repeat += 1) {
    let start = performance.now();
    let bytes = 0;
    // The last 4 MiB of the log: inside the 8 MiB tail cache.
    const recordsPerBatch = makeBatchTemplate(16 * 1024).records;
    const tailStart = Math.max(log.logStartOffset, log.logEndOffset - 256 * recordsPerBatch);
    let offset = tailStart;
    let fromCache = 0;
    let reads = 0;
    while (performance.now() - start < 500) {
      const result = await log.read(offset, 64 * 1024);
      bytes += result.bytes.length;
      reads += 1;
      if (result.fromTailCache) fromCache += 1;
      offset = result.nextOffset >= log.logEndOffset ? tailStart : result.nextOffset;
    }
    tails.push(bytes / MB / ((performance.now() - start) / 1000));
    if (fromCache !== reads)
      reporter.note(`tail reads: ${reads - fromCache} of ${reads} missed the tail cache`);
    start = performance.now();
    bytes = 0;
    offset = log.logStartOffset;
    while (offset < log.logEndOffset) {
      const result = await log.read(offset, 1024 * 1024, { maxOffset: tailStart });
      if (result.bytes.length === 0) break;
      bytes += result.bytes.length;
      offset = result.nextOffset;
    }
    catchUps.push(bytes / MB / ((performance.now() - start) / 1000));
  }
  await cleanup(run);
  return { tail: median(tails), catchUp: median(catchUps) };
}

async function main(): Promise<void> {
  reporter.note(`${IN_FLIGHT_BYTES / MB} MB of appends in flight over all partitions`);
  reporter.note(`${RUNS} runs per figure, each up to ${RUN_MS} ms or ${RUN_BYTES_MAX / MB} MB; medians`);
  const raw: number[] = [];

  for (const batchBytes of BATCH_SIZES) {
    for (const partitions of PARTITION_COUNTS) {
      const runs: AppendRun[] = [];
      const ratios: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        // The shared disk's speed drifts: pair each 1 MiB run with a raw run right before it.
        const rawNow = batchBytes >= 1024 * 1024 ? await rawWriteRun(1024 * 1024) : 0;
        const appended = await appendRun(batchBytes, partitions, false);
        runs.push(appended);
        if (rawNow > 0) {
          raw.push(rawNow);
          ratios.push(appended.megabytesPerSecond / rawNow);
        }
      }
      const label = `storage.append.${batchBytes >= 1024 * 1024 ? "1MiB" : "16KiB"}.p${partitions}`;
      const latencies = runs.flatMap((run) => run.latenciesMs);
      const megabytesPerSecond = median(runs.map((run) => run.megabytesPerSecond));
      reporter.figure({
        name: `${label}.records_per_s`,
        value: median(runs.map((run) => run.recordsPerSecond)),
        unit: "records/s",
      });
      reporter.figure({ name: `${label}.mb_per_s`, value: megabytesPerSecond, unit: "MB/s" });
      reporter.figure({
        name: `${label}.fsyncs_per_s`,
        value: median(runs.map((run) => run.fsyncsPerSecond)),
        unit: "fsyncs/s",
      });
      reporter.figure({
        name: `${label}.durable_latency_p50`,
        value: percentile(latencies, 0.5),
        unit: "ms",
      });
      reporter.figure({
        name: `${label}.durable_latency_p99`,
        value: percentile(latencies, 0.99),
        unit: "ms",
      });
      if (batchBytes >= 1024 * 1024) {
        reporter.figure({
          name: `${label}.ratio_to_raw`,
          value: median(ratios),
          unit: "x",
          detail: { goal: ">= 0.7", pairing: "median of run / raw run just before it" },
        });
      }
    }
  }

  reporter.figure({
    name: "storage.raw.write_fdatasync_1MiB.mb_per_s",
    value: median(raw),
    unit: "MB/s",
    detail: { runs: raw.length },
  });
  const reads = await readRuns();
  reporter.figure({
    name: "storage.read.tail.mb_per_s",
    value: reads.tail,
    unit: "MB/s",
    detail: { source: "tail cache" },
  });
  reporter.figure({
    name: "storage.read.catch_up.mb_per_s",
    value: reads.catchUp,
    unit: "MB/s",
    detail: { source: "segment files (page cache warm)" },
  });
}

await main();
