import diagnosticsChannel from "node:diagnostics_channel";
import { readFile } from "node:fs/promises";
import {
  channelNames,
  type Producer,
  type ProducerOptions,
  type RecordOutcome,
  type ResponseEvent,
} from "@rill/client";
import { build as buildHistogram, type Histogram } from "hdr-histogram-js";
import { CliError, UsageError } from "../errors.js";
import { printResult } from "../output.js";

/** What one run measures (Kafka's ProducerPerformance summary, plus percentiles in ms). */
export interface ProducePerfResult {
  readonly records: number;
  readonly failed: number;
  readonly indeterminate: number;
  /** The first failure, when any record was not delivered. */
  readonly firstError: string | null;
  readonly elapsedMs: number;
  readonly recordsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly latencyMs: {
    readonly avg: number;
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly p999: number;
    readonly max: number;
  };
  /**
   * The produce requests' round trips (request written → answer read, from the SDK's
   * `rill:client:response` events): the brokers' part of the latency plus the network; the rest
   * of a record's latency is the producer's linger and queueing for an in-flight slot.
   */
  readonly requests: {
    readonly count: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
  };
  readonly settings: ProducerOptions & { readonly recordSize: number; readonly throughput: number };
}

export interface ProducePerfOptions {
  readonly topic: string;
  readonly numRecords: number;
  /** Payloads to cycle through (one fixed random payload with --record-size). */
  readonly payloads: readonly Uint8Array[];
  /** Records per second to stay under; -1 for no cap. */
  readonly throughput: number;
  readonly producerOptions: ProducerOptions;
  readonly reportIntervalMs: number;
  readonly json: boolean;
}

/** Records handed to one send() call: small enough that a record's send time is its own. */
const recordsPerSendMax = 200;
/** Records sent but without an outcome before the loop waits (buffer.memory bounds the bytes too). */
const outstandingRecordsMax = 200_000;
/** Latencies up to an hour are recorded (µs); more is clamped, 3 significant digits. */
const latencyMicrosMax = 3_600_000_000;

/** Reads --payload-file: one payload per line (as Kafka's --payload-delimiter \n); empty lines skipped. */
export async function readPayloads(path: string): Promise<Uint8Array[]> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--payload-file: cannot read ${path}: ${error.code ?? error.message}`);
  });
  const payloads: Uint8Array[] = [];
  let start = 0;
  for (let at = 0; at <= bytes.length; at++) {
    if (at === bytes.length || bytes[at] === 0x0a) {
      if (at > start) payloads.push(new Uint8Array(bytes.subarray(start, at)));
      start = at + 1;
    }
  }
  if (payloads.length === 0) throw new UsageError(`--payload-file: ${path} holds no payload`);
  return payloads;
}

/** A payload of `size` random uppercase letters (as Kafka's perf tool makes). */
export function randomPayload(size: number): Uint8Array {
  const payload = new Uint8Array(size);
  for (let index = 0; index < size; index++) payload[index] = 65 + Math.floor(Math.random() * 26);
  return payload;
}

/** One window's figures for the progress line. */
class Window {
  records = 0;
  bytes = 0;
  latencyMicrosTotal = 0;
  latencyMicrosMax = 0;
  startedMs = performance.now();

  /** `records` records of `bytes` in all, each acknowledged `latencyMicros` after it was sent. */
  add(records: number, bytes: number, latencyMicros: number): void {
    this.records += records;
    this.bytes += bytes;
    this.latencyMicrosTotal += latencyMicros * records;
    this.latencyMicrosMax = Math.max(this.latencyMicrosMax, latencyMicros);
  }

  line(): string {
    const seconds = Math.max(1e-3, (performance.now() - this.startedMs) / 1000);
    const avgMs = this.records === 0 ? 0 : this.latencyMicrosTotal / this.records / 1000;
    return `${this.records} records sent, ${(this.records / seconds).toFixed(1)} records/sec (${(this.bytes / seconds / 1e6).toFixed(2)} MB/sec), ${avgMs.toFixed(1)} ms avg latency, ${(this.latencyMicrosMax / 1000).toFixed(1)} ms max latency.`;
  }
}

/**
 * Kafka's ProducerPerformance on the SDK producer: sends `numRecords` records as fast as the
 * producer takes them, or paced to `throughput` records/s, records each record's latency (send
 * call → acknowledgement) in an HDR histogram, prints a progress line every `reportIntervalMs`
 * on stderr and a summary at the end.
 */
export async function runProducePerf(
  producer: Producer,
  options: ProducePerfOptions,
): Promise<ProducePerfResult> {
  const histogram: Histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: latencyMicrosMax,
    numberOfSignificantValueDigits: 3,
  });
  const requestHistogram: Histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: latencyMicrosMax,
    numberOfSignificantValueDigits: 3,
  });
  const onResponse = (message: unknown): void => {
    const event = message as ResponseEvent;
    if (event.errorName !== null) return;
    requestHistogram.recordValue(
      Math.min(Math.max(1, Math.round(event.durationMs * 1000)), latencyMicrosMax),
    );
  };
  diagnosticsChannel.subscribe(channelNames.response, onResponse);
  let window = new Window();
  const progress = setInterval(() => {
    process.stderr.write(`${window.line()}\n`);
    window = new Window();
  }, options.reportIntervalMs);
  let delivered = 0;
  let failed = 0;
  let indeterminate = 0;
  let bytesDelivered = 0;
  let firstError: string | undefined;
  let outstanding = 0;
  const waiters: (() => void)[] = [];
  const startedMs = performance.now();
  /**
   * The outcomes of one send() call. They all arrive together (sendSettled resolves once every
   * record has its outcome), so the delivered ones share one latency: recorded once with their
   * count, not once per record (the histogram was a visible part of the tool's own CPU).
   */
  const settleCall = (
    outcomes: readonly RecordOutcome[],
    messages: readonly { value: Uint8Array }[],
    sentMs: number,
  ): void => {
    const latencyMicros = Math.max(1, Math.round((performance.now() - sentMs) * 1000));
    let deliveredNow = 0;
    let bytesNow = 0;
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === "delivered") {
        deliveredNow += 1;
        bytesNow += messages[index]?.value.length ?? 0;
      } else {
        if (outcome.status === "failed") failed += 1;
        else indeterminate += 1;
        firstError ??= `${outcome.error.errorName}: ${outcome.error.message}`;
      }
    }
    if (deliveredNow === 0) return;
    histogram.recordValueWithCount(Math.min(latencyMicros, latencyMicrosMax), deliveredNow);
    window.add(deliveredNow, bytesNow, latencyMicros);
    delivered += deliveredNow;
    bytesDelivered += bytesNow;
  };
  try {
    let sent = 0;
    while (sent < options.numRecords) {
      let allowed = Math.min(recordsPerSendMax, options.numRecords - sent);
      if (options.throughput > 0) {
        const dueRecords = Math.floor(((performance.now() - startedMs) * options.throughput) / 1000) + 1;
        if (dueRecords <= sent) {
          const nextDueMs = startedMs + ((sent + 1) * 1000) / options.throughput;
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, nextDueMs - performance.now())));
          continue;
        }
        allowed = Math.min(allowed, dueRecords - sent);
      }
      while (outstanding >= outstandingRecordsMax)
        await new Promise<void>((resolve) => waiters.push(resolve));
      const messages = Array.from({ length: allowed }, (_, index) => ({
        value: options.payloads[(sent + index) % options.payloads.length] as Uint8Array,
      }));
      const sentMs = performance.now();
      outstanding += allowed;
      sent += allowed;
      void producer
        .sendSettled({ topic: options.topic, messages })
        .then(
          (outcomes) => settleCall(outcomes, messages, sentMs),
          (error: unknown) => {
            failed += allowed;
            firstError ??= error instanceof Error ? error.message : String(error);
          },
        )
        .finally(() => {
          outstanding -= allowed;
          for (const wake of waiters.splice(0)) wake();
        });
      // Lets answers be handled between sends when unthrottled.
      if (sent % (recordsPerSendMax * 50) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await producer.flush();
    while (outstanding > 0) await new Promise<void>((resolve) => waiters.push(resolve));
  } finally {
    clearInterval(progress);
    diagnosticsChannel.unsubscribe(channelNames.response, onResponse);
  }
  const elapsedMs = performance.now() - startedMs;
  if (delivered === 0 && firstError !== undefined)
    throw new CliError(`no record was delivered: ${firstError}`);
  const ms = (micros: number) => Math.round(micros) / 1000;
  return {
    records: delivered,
    failed,
    indeterminate,
    firstError: firstError ?? null,
    elapsedMs: Math.round(elapsedMs),
    recordsPerSecond: Math.round((delivered / elapsedMs) * 1000),
    megabytesPerSecond: Math.round((bytesDelivered / elapsedMs / 1000) * 100) / 100,
    latencyMs: {
      avg: Math.round(histogram.mean) / 1000,
      p50: ms(histogram.getValueAtPercentile(50)),
      p95: ms(histogram.getValueAtPercentile(95)),
      p99: ms(histogram.getValueAtPercentile(99)),
      p999: ms(histogram.getValueAtPercentile(99.9)),
      max: ms(histogram.maxValue),
    },
    requests: {
      count: requestHistogram.totalCount,
      p50Ms: ms(requestHistogram.getValueAtPercentile(50)),
      p99Ms: ms(requestHistogram.getValueAtPercentile(99)),
    },
    settings: {
      ...options.producerOptions,
      recordSize: options.payloads[0]?.length ?? 0,
      throughput: options.throughput,
    },
  };
}

export function printProducePerf(result: ProducePerfResult, json: boolean): void {
  printResult({ json }, result, () => {
    const { latencyMs: latency } = result;
    return [
      `${result.requests.count} produce requests, round trip ${result.requests.p50Ms} ms p50, ${result.requests.p99Ms} ms p99 (brokers and network; the rest of the latency is linger and queueing in the producer)`,
      `${result.records} records sent, ${result.recordsPerSecond} records/sec (${result.megabytesPerSecond} MB/sec), ${latency.avg} ms avg latency, ${latency.max} ms max latency, ${latency.p50} ms 50th, ${latency.p95} ms 95th, ${latency.p99} ms 99th, ${latency.p999} ms 99.9th.`,
      ...(result.failed + result.indeterminate > 0
        ? [
            `${result.failed} record(s) failed, ${result.indeterminate} with unknown outcome; first: ${result.firstError}`,
          ]
        : []),
    ].join("\n");
  });
}
