/**
 * `pnpm bench cleaner` (add `--json` for one JSON object per figure): log cleaner throughput,
 * MB of log cleaned per second (bytes of the cleaned segments read by the pass over the pass's
 * wall time, offset map included), for 100-byte values under 10,000 distinct keys written
 * 10 times each (so 90% of the records go), in 16 KiB batches, uncompressed and zstd; real
 * files in a fresh directory under os.tmpdir(), unthrottled.
 *
 * Each figure is the median over RUNS runs. The machine is small and shared: figures are noisy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchmarkReporter, median } from "@rill/bench";
import {
  type CompressionCodec,
  encodeRecordBatch,
  type RecordInput,
  validateProducedBatches,
} from "@rill/protocol";
import { LogCleaner, NodeFileSystem, PartitionLog, systemClock } from "../src/index.js";

const RUNS = 3;
const KEYS = 10_000;
const WRITES_PER_KEY = 10;
const RECORD_VALUE_BYTES = 100;
const RECORDS_PER_BATCH = 128;
const SEGMENT_BYTES = 16 * 1024 * 1024;
const CODECS: readonly CompressionCodec[] = ["none", "zstd"];
const MB = 1_000_000;

const reporter = benchmarkReporter();

interface RunFigures {
  readonly mbPerSecond: number;
  readonly recordsPerSecond: number;
  readonly logBytes: number;
}

async function run(compression: CompressionCodec): Promise<RunFigures> {
  const directory = mkdtempSync(join(tmpdir(), "rill-cleaner-bench-"));
  try {
    const fileSystem = new NodeFileSystem();
    const log = await PartitionLog.open({
      directory,
      fileSystem,
      config: { segmentBytes: SEGMENT_BYTES, cleanupPolicy: "compact", flushPolicy: "none" },
    });
    const value = Buffer.alloc(RECORD_VALUE_BYTES, 0x61);
    const total = KEYS * WRITES_PER_KEY;
    for (let first = 0; first < total; first += RECORDS_PER_BATCH) {
      const records: RecordInput[] = [];
      for (let index = first; index < Math.min(total, first + RECORDS_PER_BATCH); index += 1) {
        records.push({ key: Buffer.from(`key-${index % KEYS}`), value, timestamp: 1_700_000_000_000 });
      }
      const bytes = encodeRecordBatch({ records, compression });
      await log.append(validateProducedBatches(bytes, { maxBatchBytes: log.config.maxMessageBytes })).written;
    }
    await log.roll();
    await log.flush();
    log.setHighWatermark(log.logEndOffset);
    const logBytes = log.sizeBytes;
    const cleaner = new LogCleaner({ fileSystem, clock: systemClock });
    const startNs = process.hrtime.bigint();
    const result = await cleaner.clean(log);
    const seconds = Number(process.hrtime.bigint() - startNs) / 1e9;
    if (result.recordsRemoved !== total - KEYS) {
      throw new Error(`expected ${total - KEYS} records removed, got ${result.recordsRemoved}`);
    }
    await log.close();
    return { mbPerSecond: logBytes / MB / seconds, recordsPerSecond: total / seconds, logBytes };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const compression of CODECS) {
    const runs: number[] = [];
    const recordRates: number[] = [];
    let logBytes = 0;
    for (let index = 0; index < RUNS; index += 1) {
      const result = await run(compression);
      runs.push(result.mbPerSecond);
      recordRates.push(result.recordsPerSecond);
      logBytes = result.logBytes;
    }
    reporter.figure({
      name: `storage.cleaner.${compression}.mb_per_s`,
      value: median(runs),
      unit: "MB/s",
      detail: { runs: runs.length, logBytes, records: KEYS * WRITES_PER_KEY, keys: KEYS },
    });
    reporter.figure({
      name: `storage.cleaner.${compression}.records_per_s`,
      value: median(recordRates),
      unit: "records/s",
    });
  }
}

await main();
