/**
 * `pnpm bench codec` (add `--json` for one JSON object per figure): encode and decode records/s
 * for 100-byte records in 1,000-record batches per compression codec, and CRC-32C MB/s: the
 * implementation in use (crc32c(): native @node-rs/crc32 when loadable), our slicing-by-8 JS
 * fallback, and @node-rs/crc32 called directly. Every figure is the
 * median over RUNS timed runs after a warm-up.
 */
import { crc32c as nativeCrc32c } from "@node-rs/crc32";
import { benchmarkReporter, median } from "@rill/bench";
import {
  COMPRESSION_CODECS,
  CRC32C_IMPLEMENTATION,
  crc32c,
  crc32cSlicingBy8,
  decodeRecordBatch,
  encodeRecordBatch,
  type RecordInput,
  validateRecordBatch,
} from "../src/index.js";

const RUNS = 7;
const RUN_MS = 250;
const RECORDS_PER_BATCH = 1000;
const RECORD_VALUE_BYTES = 100;
const CRC_BUFFER_BYTES = 1024 * 1024;

const reporter = benchmarkReporter();

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Record values shaped like log lines/JSON (compressible, not trivially so). */
function makeRecords(random: () => number): RecordInput[] {
  const words = ["user", "order", "id", "status", "ok", "error", "amount", "eur", "ts", "region", "eu-west"];
  const encoder = new TextEncoder();
  return Array.from({ length: RECORDS_PER_BATCH }, (_, index) => {
    let text = `{"seq":${index}`;
    while (text.length < RECORD_VALUE_BYTES - 12) {
      text += `,"${words[Math.floor(random() * words.length)]}":${Math.floor(random() * 100000)}`;
    }
    const value = new Uint8Array(RECORD_VALUE_BYTES);
    value.set(encoder.encode(text.slice(0, RECORD_VALUE_BYTES)));
    return { key: null, value, timestamp: 1_700_000_000_000 + index };
  });
}

/** Runs `operation` repeatedly for RUN_MS, RUNS times; returns the median operations per second. */
function measure(operation: () => void): number {
  const warmUpEnd = performance.now() + RUN_MS;
  while (performance.now() < warmUpEnd) operation();
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      operation();
      count++;
      elapsed = performance.now() - start;
    } while (elapsed < RUN_MS);
    rates.push((count * 1000) / elapsed);
  }
  return median(rates);
}

let sink = 0;
const records = makeRecords(mulberry32(42));
reporter.note(
  `${RECORDS_PER_BATCH} records of ${RECORD_VALUE_BYTES} B per batch, median of ${RUNS} runs x ${RUN_MS} ms`,
);
for (const codec of COMPRESSION_CODECS) {
  const batch = encodeRecordBatch({ records, compression: codec });
  const detail = { batch_bytes: batch.length };
  const encodesPerSecond = measure(() => {
    sink += encodeRecordBatch({ records, compression: codec }).length;
  });
  reporter.figure({
    name: `codec.encode.${codec}.records_per_s`,
    value: Math.round(encodesPerSecond * RECORDS_PER_BATCH),
    unit: "records/s",
    detail,
  });
  const decodesPerSecond = measure(() => {
    sink += decodeRecordBatch(batch).records.length;
  });
  reporter.figure({
    name: `codec.decode.${codec}.records_per_s`,
    value: Math.round(decodesPerSecond * RECORDS_PER_BATCH),
    unit: "records/s",
    detail,
  });
}

const crcBuffer = Uint8Array.from({ length: CRC_BUFFER_BYTES }, (_, index) => (index * 2654435761) >>> 24);
const megabytes = CRC_BUFFER_BYTES / 1_000_000;
const usedCrcRate = measure(() => {
  sink ^= crc32c(crcBuffer);
});
reporter.figure({
  name: "crc32c.mb_per_s",
  value: usedCrcRate * megabytes,
  unit: "MB/s",
  detail: { implementation: CRC32C_IMPLEMENTATION, input_bytes: CRC_BUFFER_BYTES },
});
const jsCrcRate = measure(() => {
  sink ^= crc32cSlicingBy8(0, crcBuffer, 0, crcBuffer.length);
});
reporter.figure({ name: "crc32c.js_slicing_by_8.mb_per_s", value: jsCrcRate * megabytes, unit: "MB/s" });
const crcBufferNode = Buffer.from(crcBuffer.buffer, crcBuffer.byteOffset, crcBuffer.length);
const nativeCrcRate = measure(() => {
  sink ^= nativeCrc32c(crcBufferNode);
});
reporter.figure({ name: "crc32c.node_rs_native.mb_per_s", value: nativeCrcRate * megabytes, unit: "MB/s" });

const noneBatch = encodeRecordBatch({ records, compression: "none" });
const validatesPerSecond = measure(() => {
  sink += validateRecordBatch(noneBatch).recordCount;
});
reporter.figure({
  name: "codec.validate_header_and_crc.none.mb_per_s",
  value: (validatesPerSecond * noneBatch.length) / 1_000_000,
  unit: "MB/s",
  detail: { batch_bytes: noneBatch.length },
});
if (sink === 0.5) reporter.note("unreachable; keeps results alive");
