/**
 * `pnpm bench fetch-response` (add `--json` for one JSON object per figure): microseconds per
 * consumer Fetch answer, encoded by hand from the stored batches (encodeFetchResponse) against the
 * path it replaced (the batches concatenated as the log's `read` did, then protobufjs), for one
 * partition holding one 16 KiB batch, eight 2 KiB batches, one 200 B batch, and a 1 MiB answer
 * (64 batches of 16 KiB from the tail cache, or one 1 MiB read from a segment file). Every figure is the median over RUNS timed runs after a warm-up.
 */
import { benchmarkReporter, median } from "@rill/bench";
import { brokerServiceDefinition, encodeFetchResponse, type FetchResponseFrame } from "../src/index.js";

const RUNS = 7;
const RUN_MS = 250;

const reporter = benchmarkReporter();
const method = brokerServiceDefinition().Fetch;

function answerOf(batchCount: number, batchBytes: number): FetchResponseFrame {
  const records = Array.from({ length: batchCount }, (_, index) => Buffer.alloc(batchBytes, index));
  return {
    throttleTimeMs: 0,
    responses: [
      {
        topic: "bench-topic",
        partitions: [
          {
            partitionIndex: 0,
            errorCode: 0,
            errorMessage: "",
            highWatermark: 1_234_567,
            lastStableOffset: 1_234_567,
            logStartOffset: 0,
            abortedTransactions: [],
            preferredReadReplica: -1,
            records,
            currentLeader: null,
          },
        ],
      },
    ],
  };
}

/** The answer as it went before: one Buffer per partition (concatenated if several), protobufjs. */
function viaProtobufjs(frame: FetchResponseFrame): Buffer {
  return method.responseSerialize({
    throttleTimeMs: frame.throttleTimeMs,
    responses: frame.responses.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitions.map((partition) => ({
        ...partition,
        abortedTransactions: [],
        records:
          partition.records.length === 1
            ? (partition.records[0] as Buffer)
            : Buffer.concat(partition.records),
      })),
    })),
  });
}

/** Median microseconds per call of `encode` over RUNS runs of RUN_MS, after one warm-up run. */
function microsecondsPerAnswer(encode: () => Buffer): number {
  let sink = 0;
  const warmUpEnd = performance.now() + RUN_MS;
  while (performance.now() < warmUpEnd) sink += encode().length;
  const costs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      sink += encode().length;
      count += 1;
      elapsed = performance.now() - start;
    } while (elapsed < RUN_MS);
    costs.push((elapsed * 1000) / count);
  }
  if (sink === 0) throw new Error("no bytes encoded");
  return median(costs);
}

reporter.note(`median of ${RUNS} runs x ${RUN_MS} ms per figure; one partition per answer`);
for (const [name, batchCount, batchBytes] of [
  ["one_16k_batch", 1, 16 * 1024],
  ["eight_2k_batches", 8, 2 * 1024],
  ["one_200b_batch", 1, 200],
  ["sixty_four_16k_batches_1m", 64, 16 * 1024],
  // A catch-up read from a segment file: one Buffer of whole batches, nothing to concatenate.
  ["one_1m_segment_read", 1, 1024 * 1024],
] as const) {
  const frame = answerOf(batchCount, batchBytes);
  const detail = { batches: batchCount, batch_bytes: batchBytes };
  const byHand = microsecondsPerAnswer(() => encodeFetchResponse(frame));
  const protobufjs = microsecondsPerAnswer(() => viaProtobufjs(frame));
  reporter.figure({ name: `fetch_response.${name}.by_hand_us`, value: byHand, unit: "µs", detail });
  reporter.figure({ name: `fetch_response.${name}.protobufjs_us`, value: protobufjs, unit: "µs", detail });
}
