/**
 * `pnpm bench consumer-records` (add `--json` for one JSON object per figure): records/s of the
 * consumer's decoding of a fetched push (1 MiB of 100-byte records in 600-record batches, as a
 * catch-up read gets them), CRC check included, in three shapes: the eager decode it replaced
 * (every record decoded into a DecodedRecord, then copied into a ConsumerRecord), the lazy
 * records with no field read (a caller that only counts or tracks offsets), and the lazy records
 * with key and value read (what `rill perf consume` does). Median of RUNS timed runs after a
 * warm-up, counted per CPU-second of this process.
 */
import { benchmarkReporter, median } from "@rill/bench";
import { encodeRecordBatch } from "@rill/protocol";
import type { ConsumerRecord } from "../src/consumer/consumer-types.js";
import { decodeFetchedBatches } from "../src/records/decode-batches.js";
import { lazyRecordsFrom, readFetchedBatches } from "../src/records/lazy-records.js";

const RUNS = 7;
const RUN_MS = 250;
const BATCHES_PER_PUSH = 16;
const RECORDS_PER_BATCH = 600;
const RECORD_VALUE_BYTES = 100;

const reporter = benchmarkReporter();
const partition = { topic: "bench", partition: 0 };

/** One push as the broker sends it: whole batches, concatenated, in a Buffer (as gRPC hands it over). */
function makePush(): Buffer {
  const value = new Uint8Array(RECORD_VALUE_BYTES).fill(0x61);
  const batches: Uint8Array[] = [];
  for (let batch = 0; batch < BATCHES_PER_PUSH; batch++) {
    const records = Array.from({ length: RECORDS_PER_BATCH }, (_, index) => ({
      key: null,
      value,
      timestamp: 1_700_000_000_000 + index,
    }));
    batches.push(encodeRecordBatch({ records, baseOffset: batch * RECORDS_PER_BATCH }));
  }
  return Buffer.concat(batches);
}

/**
 * Runs `operation` (which handles one push) for RUN_MS, RUNS times; the median records per
 * second of this process's CPU time (user + system), which a machine shared with other jobs
 * disturbs far less than wall time.
 */
function measure(operation: () => void): number {
  const recordsPerPush = BATCHES_PER_PUSH * RECORDS_PER_BATCH;
  const warmUpEnd = performance.now() + RUN_MS;
  while (performance.now() < warmUpEnd) operation();
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let pushes = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    do {
      operation();
      pushes++;
    } while (performance.now() - start < RUN_MS);
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    rates.push((pushes * recordsPerPush * 1000) / cpuMs);
  }
  return median(rates);
}

let sink = 0;
const push = makePush();
reporter.note(
  `${BATCHES_PER_PUSH} batches x ${RECORDS_PER_BATCH} records of ${RECORD_VALUE_BYTES} B per push (${push.length} B), median of ${RUNS} runs x ${RUN_MS} ms, records per CPU-second`,
);

const eager = measure(() => {
  const records: ConsumerRecord[] = [];
  for (const batch of decodeFetchedBatches(push)) {
    for (const record of batch.records) {
      records.push({
        topic: partition.topic,
        partition: partition.partition,
        offset: record.offset,
        key: record.key,
        value: record.value,
        headers: record.headers,
        timestamp: record.timestamp,
      });
    }
  }
  sink += records.length;
});
reporter.figure({
  name: "consumer.records.eager_decode.records_per_s",
  value: Math.round(eager),
  unit: "records/s",
});

const untouched = measure(() => {
  sink += lazyRecordsFrom(partition, push, readFetchedBatches(push), 0).length;
});
reporter.figure({
  name: "consumer.records.lazy_no_field_read.records_per_s",
  value: Math.round(untouched),
  unit: "records/s",
});

const valuesRead = measure(() => {
  for (const record of lazyRecordsFrom(partition, push, readFetchedBatches(push), 0)) {
    sink += (record.key?.length ?? 0) + (record.value?.length ?? 0);
  }
});
reporter.figure({
  name: "consumer.records.lazy_key_and_value_read.records_per_s",
  value: Math.round(valuesRead),
  unit: "records/s",
});
if (sink === 0.5) reporter.note("unreachable; keeps results alive");
