import type { Consumer, StartPosition } from "@rill/client";

/** How often a progress line is printed. */
export const perfProgressIntervalMs = 5_000;
/** The most end-to-end latency samples kept (the first ones; 8 MB of doubles). */
export const perfLatencySamplesMax = 1_000_000;
/** The most consumers (`--threads`) one run starts. */
export const perfConsumeThreadsMax = 64;

export interface ConsumePerfOptions {
  readonly bootstrap: readonly string[];
  readonly topic: string;
  /** Stop after this many records. */
  readonly messages: number;
  /** How many consumers, each with its own connections, share the partitions. */
  readonly threads: number;
  /** Kafka max.partition.fetch.bytes (consumer-perf-test's --fetch-size). */
  readonly fetchSizeBytes: number;
  /** Kafka fetch.max.bytes of each consumer. */
  readonly fetchMaxBytes: number;
  readonly from: StartPosition;
  /** Fail when no record arrives for this long. */
  readonly idleTimeoutMs: number;
  /** Receives a progress line every perfProgressIntervalMs. */
  readonly onProgress: (progress: ConsumePerfProgress) => void;
}

export interface ConsumePerfProgress {
  readonly elapsedMs: number;
  readonly records: number;
  readonly bytes: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
}

export interface ConsumePerfResult extends ConsumePerfProgress {
  readonly topic: string;
  readonly threads: number;
  readonly partitions: number;
  readonly fetchSizeBytes: number;
  readonly fetchMaxBytes: number;
  /** From the start of `run` to the first record delivered. */
  readonly timeToFirstRecordMs: number;
  /** True when the run ended because no record came for idleTimeoutMs. */
  readonly idleTimedOut: boolean;
  /**
   * Delivery time minus record timestamp (create time, stamped by a producer on this machine's
   * clock), in ms: end-to-end latency when tailing (`from: "latest"`); null when reading a backlog.
   */
  readonly endToEndLatencyMs: LatencySummary | null;
}

export interface LatencySummary {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

const MEBIBYTE = 1024 * 1024;

/**
 * Kafka's consumer-perf-test on the SDK: `threads` Consumers split the topic's partitions
 * (round robin), read from `from` until `messages` records (key + value bytes are counted, as
 * Kafka counts record size), and the rates are taken over the time from the first `run` to the
 * last record. The consumers run on one event loop; threads are separate connections and
 * fetch streams, which is where a Node consumer's parallelism is.
 */
export async function runConsumePerf(options: ConsumePerfOptions): Promise<ConsumePerfResult> {
  const { ConnectionPool, Consumer, DataClient, systemClock } = await import("@rill/client");
  const lookup = new DataClient({ bootstrap: [...options.bootstrap] });
  let partitionCount: number;
  try {
    partitionCount = (await lookup.topicMetadata(options.topic)).partitions.length;
  } finally {
    lookup.close();
  }
  const threads = Math.min(options.threads, partitionCount);
  const members = Array.from({ length: threads }, () => {
    const pool = new ConnectionPool();
    const data = new DataClient({ bootstrap: [...options.bootstrap], pool });
    const consumer: Consumer = new Consumer(
      { data, pool, clock: systemClock },
      { fetchMaxBytes: options.fetchMaxBytes, maxPartitionFetchBytes: options.fetchSizeBytes },
    );
    return { pool, data, consumer };
  });
  let records = 0;
  let bytes = 0;
  let startMs = 0;
  let firstRecordMs = -1;
  let lastRecordMs = 0;
  let idleTimedOut = false;
  const latencies: number[] = [];
  const tailing = options.from === "latest";
  const progress = (nowMs: number): ConsumePerfProgress => rates(nowMs - startMs, records, bytes);
  let progressTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const stopAll = (): void => {
    for (const member of members) member.consumer.stop();
  };
  const armIdle = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimedOut = true;
      stopAll();
    }, options.idleTimeoutMs);
  };
  try {
    await Promise.all(
      members.map(async ({ consumer }, index) => {
        await consumer.connect();
        const partitions: number[] = [];
        for (let partition = index; partition < partitionCount; partition += threads)
          partitions.push(partition);
        await consumer.assign(
          partitions.map((partition) => ({ topic: options.topic, partition, offset: options.from })),
        );
      }),
    );
    startMs = performance.now();
    armIdle();
    progressTimer = setInterval(
      () => options.onProgress(progress(performance.now())),
      perfProgressIntervalMs,
    );
    await Promise.all(
      members.map(({ consumer }) =>
        consumer.run({
          eachBatch: ({ messages }) => {
            if (records >= options.messages) return;
            const nowMs = performance.now();
            if (firstRecordMs < 0) firstRecordMs = nowMs;
            lastRecordMs = nowMs;
            const deliveredAtMs = Date.now();
            for (const message of messages) {
              bytes += (message.key?.length ?? 0) + (message.value?.length ?? 0);
              if (tailing && latencies.length < perfLatencySamplesMax)
                latencies.push(deliveredAtMs - message.timestamp);
            }
            records += messages.length;
            armIdle();
            if (records >= options.messages) stopAll();
          },
          partitionsConsumedConcurrently: Math.max(1, Math.ceil(partitionCount / threads)),
        }),
      ),
    );
  } finally {
    clearInterval(progressTimer);
    clearTimeout(idleTimer);
    for (const { consumer, data, pool } of members) {
      await consumer.disconnect();
      data.close();
      pool.close();
    }
  }
  const endMs = records > 0 ? lastRecordMs : performance.now();
  return {
    topic: options.topic,
    threads,
    partitions: partitionCount,
    fetchSizeBytes: options.fetchSizeBytes,
    fetchMaxBytes: options.fetchMaxBytes,
    timeToFirstRecordMs: firstRecordMs < 0 ? -1 : round(firstRecordMs - startMs),
    idleTimedOut,
    ...rates(endMs - startMs, records, bytes),
    endToEndLatencyMs: tailing ? latencySummary(latencies) : null,
  };
}

/** Exact percentiles of the samples (sorted: at most perfLatencySamplesMax of them). */
function latencySummary(samples: number[]): LatencySummary | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const at = (quantile: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] as number;
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1) };
}

function rates(elapsedMs: number, records: number, bytes: number): ConsumePerfProgress {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  return {
    elapsedMs: round(elapsedMs),
    records,
    bytes,
    recordsPerSecond: Math.round(records / seconds),
    megabytesPerSecond: round(bytes / MEBIBYTE / seconds),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
