/**
 * `pnpm bench validate`: what the broker's edge validation (validateProducedBatches) costs per
 * batch, for uncompressed and zstd batches of 1,000 records of 100 B, split into its parts: the
 * header + CRC-32C check alone (what a follower does), the full produce validation (header, CRC,
 * decompression for zstd, the record walk), and for comparison a full decode (what a consumer
 * does). Figures are microseconds per batch, the median of RUNS timed runs after a warm-up.
 */
import { benchmarkReporter, median } from "@rill/bench";
import {
  type CompressionCodec,
  decodeRecordBatch,
  encodeRecordBatch,
  type RecordInput,
  validateProducedBatches,
  validateReplicatedBatches,
} from "../src/index.js";

const RUNS = 7;
const RUN_MS = 250;
const RECORDS_PER_BATCH = 1000;
const RECORD_VALUE_BYTES = 100;
const CODECS: readonly CompressionCodec[] = ["none", "zstd"];

const reporter = benchmarkReporter();

/** Record values shaped like JSON log lines (compressible, not trivially so), deterministic. */
function makeRecords(): RecordInput[] {
  const encoder = new TextEncoder();
  return Array.from({ length: RECORDS_PER_BATCH }, (_, index) => {
    const text = `{"seq":${index},"user":${(index * 7919) % 100_000},"status":"ok","region":"eu-west-1","amount":${(index * 31) % 997}}`;
    const value = new Uint8Array(RECORD_VALUE_BYTES);
    value.set(encoder.encode(text.slice(0, RECORD_VALUE_BYTES)));
    return { key: encoder.encode(`user-${index % 100}`), value, timestamp: 1_700_000_000_000 + index };
  });
}

/** Runs `operation` repeatedly for RUN_MS, RUNS times; returns the median microseconds per call. */
function microsecondsPerCall(operation: () => void): number {
  const warmUpEnd = performance.now() + RUN_MS;
  while (performance.now() < warmUpEnd) operation();
  const costs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      operation();
      count++;
      elapsed = performance.now() - start;
    } while (elapsed < RUN_MS);
    costs.push((elapsed * 1000) / count);
  }
  return median(costs);
}

let sink = 0;
const records = makeRecords();
reporter.note(
  `${RECORDS_PER_BATCH} records of ${RECORD_VALUE_BYTES} B per batch, median of ${RUNS} runs x ${RUN_MS} ms`,
);
for (const codec of CODECS) {
  const batch = encodeRecordBatch({ records, compression: codec });
  const detail = { batch_bytes: batch.length };
  const figure = (name: string, operation: () => void): void => {
    reporter.figure({
      name: `validate.${codec}.${name}.us_per_batch`,
      value: Math.round(microsecondsPerCall(operation) * 10) / 10,
      unit: "µs/batch",
      detail,
    });
  };
  figure("header_and_crc", () => {
    sink += validateReplicatedBatches(batch).batches.length;
  });
  figure("produced_full", () => {
    sink += validateProducedBatches(batch, { maxBatchBytes: 1 << 30 }).batches.length;
  });
  figure("decode_for_comparison", () => {
    sink += decodeRecordBatch(batch).records.length;
  });
}
if (sink === 0.5) reporter.note("unreachable; keeps results alive");
