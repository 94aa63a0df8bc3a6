/**
 * `pnpm bench cluster`: a local cluster of real processes (3 controllers + 3 brokers on
 * 127.0.0.1, the built apps, default timeouts, group commit), driven by the SDK producer
 * (`new Rill(...).producer()`, idempotent, acks=all, its default batching unless a flag says).
 *
 * Order of the phases: 2, 1, 3.
 *
 * 1. Produce throughput: RF=3, acks=all, min.insync.replicas=2, 100-byte keyless records,
 *    --partitions partitions (default 6, leaders spread over the brokers), the producer's
 *    batch.size --batch-bytes (default 64 KiB) and linger.ms --linger-ms (default 5), send()
 *    calls of --send-records records (default 1,000). Records/s, MB/s and p50/p99 produce latency
 *    (send → acks=all acknowledgement), median over --runs runs.
 * 2. Latency at a steady 10,000 records/s: send() of 100 records every 10 ms on a schedule (not
 *    waiting for the previous answer), p50/p99 over --steady-seconds.
 * 3. Partition-leader failover: a producer sends 10-record calls back to back; the leader is
 *    killed with kill -9; the figure is the time from the kill to the acknowledgement of the
 *    first record sent after it, over --trials trials (default 20). The killed broker is
 *    restarted and back in the ISR before the next trial.
 *
 * Flags (`--name=value`): --phases (comma-separated: steady,throughput,failover), --runs, --records
 * (per run, default 300,000), --partitions, --batch-bytes, --linger-ms, --send-records,
 * --steady-seconds (default 10), --trials, --json.
 */

import { performance } from "node:perf_hooks";
import { benchmarkReporter, listFlag, median, positiveIntegerFlag, summarize } from "@rill/bench";
import { type Producer, Rill } from "@rill/client";
import { waitFor } from "@rill/protocol/testing";
import { LocalCluster, POLL_INTERVAL_MS } from "../test/support/local-cluster.js";

const reporter = benchmarkReporter();
const runs = positiveIntegerFlag("runs", 3);
const recordsPerRun = positiveIntegerFlag("records", 300_000);
const partitions = positiveIntegerFlag("partitions", 6);
const batchBytes = positiveIntegerFlag("batch-bytes", 64 * 1024);
const lingerMs = positiveIntegerFlag("linger-ms", 5);
const sendRecords = positiveIntegerFlag("send-records", 1_000);
/** Records sent without an acknowledgement yet before the throughput loop waits. */
const OUTSTANDING_RECORDS_MAX = 100_000;
const steadySeconds = positiveIntegerFlag("steady-seconds", 10);
const trials = positiveIntegerFlag("trials", 20);
const RECORD_BYTES = 100;
const STEP_TIMEOUT_MS = 120_000;
/** Connections, JIT and the first segment files warm up before the steady figure is taken. */
const STEADY_WARM_UP_MS = 3_000;
/** Which phases to run: --phases=steady,throughput,failover (default all). */
const phases = listFlag("phases", ["steady", "throughput", "failover"]);

const value = Buffer.alloc(RECORD_BYTES, 0x61);

function messagesOf(count: number) {
  return Array.from({ length: count }, () => ({ value }));
}

async function throughputRun(producer: Producer, topic: string) {
  const latenciesMs: number[] = [];
  const outstanding = new Set<Promise<void>>();
  const started = performance.now();
  for (let sent = 0; sent < recordsPerRun; sent += sendRecords) {
    const count = Math.min(sendRecords, recordsPerRun - sent);
    const sentAt = performance.now();
    const sending: Promise<void> = producer
      .send({ topic, messages: messagesOf(count) })
      .then(() => {
        const latencyMs = performance.now() - sentAt;
        for (let index = 0; index < count; index += 1) latenciesMs.push(latencyMs);
      })
      .finally(() => outstanding.delete(sending));
    outstanding.add(sending);
    while (outstanding.size * sendRecords >= OUTSTANDING_RECORDS_MAX) await Promise.race(outstanding);
  }
  await Promise.all(outstanding);
  const seconds = (performance.now() - started) / 1000;
  return {
    recordsPerSecond: recordsPerRun / seconds,
    bytesPerSecond: (recordsPerRun * RECORD_BYTES) / seconds,
    latenciesMs,
  };
}

async function throughput(cluster: LocalCluster, rill: Rill): Promise<void> {
  const topic = "bench-throughput";
  await cluster.createTopic(topic, {
    partitions,
    replicationFactor: 3,
    configs: { "min.insync.replicas": "2" },
  });
  await cluster.waitForLeaders(topic, partitions);
  const producer = rill.producer({ batchSize: batchBytes, lingerMs });
  reporter.note(`warming up (${partitions} partitions, batch.size ${batchBytes}, linger.ms ${lingerMs})`);
  const warm = recordsPerRun;
  await throughputRun(producer, topic).catch((error: unknown) => {
    throw new Error(`warm-up of ${warm} records failed: ${String(error)}`);
  });
  const results = [];
  for (let run = 1; run <= runs; run += 1) {
    const result = await throughputRun(producer, topic);
    const latency = summarize(result.latenciesMs);
    reporter.note(
      `run ${run}: ${Math.round(result.recordsPerSecond)} records/s, ${(result.bytesPerSecond / 1e6).toFixed(1)} MB/s, p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`,
    );
    results.push({ ...result, latency });
  }
  const detail = {
    partitions,
    batch_size: batchBytes,
    linger_ms: lingerMs,
    send_records: sendRecords,
    runs,
  };
  reporter.figure({
    name: "cluster.produce.acks_all.rf3.records_per_s",
    value: Math.round(median(results.map((result) => result.recordsPerSecond))),
    unit: "records/s",
    detail,
  });
  reporter.figure({
    name: "cluster.produce.acks_all.rf3.mb_per_s",
    value: median(results.map((result) => result.bytesPerSecond / 1e6)),
    unit: "MB/s",
    detail,
  });
  reporter.figure({
    name: "cluster.produce.acks_all.rf3.latency_p50",
    value: median(results.map((result) => result.latency.p50)),
    unit: "ms",
  });
  reporter.figure({
    name: "cluster.produce.acks_all.rf3.latency_p99",
    value: median(results.map((result) => result.latency.p99)),
    unit: "ms",
  });
}

async function steadyLatency(cluster: LocalCluster, rill: Rill): Promise<void> {
  const topic = "bench-steady";
  await cluster.createTopic(topic, {
    partitions: 3,
    replicationFactor: 3,
    configs: { "min.insync.replicas": "2" },
  });
  await cluster.waitForLeaders(topic, 3);
  const recordsPerBatch = 100;
  const intervalMs = 10; // 100 records every 10 ms = 10,000 records/s
  const producer = rill.producer();
  const latenciesMs: number[] = [];
  const pending: Promise<void>[] = [];
  const warmUpBatches = STEADY_WARM_UP_MS / intervalMs;
  const total = (steadySeconds * 1000) / intervalMs;
  reporter.note(
    `steady 10,000 records/s for ${steadySeconds} s after ${STEADY_WARM_UP_MS / 1000} s of warm-up`,
  );
  let started = performance.now();
  for (let index = -warmUpBatches; index < total; index += 1) {
    if (index === 0) {
      await Promise.all(pending.splice(0));
      latenciesMs.length = 0;
      started = performance.now();
    }
    const due = index < 0 ? started + (index + warmUpBatches) * intervalMs : started + index * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      producer
        .send({ topic, messages: messagesOf(recordsPerBatch) })
        .then(() => void latenciesMs.push(performance.now() - sent)),
    );
  }
  await Promise.all(pending);
  const achieved = (total * recordsPerBatch) / ((performance.now() - started) / 1000);
  const latency = summarize(latenciesMs);
  const detail = { achieved_records_per_s: Math.round(achieved), batch_records: recordsPerBatch };
  reporter.figure({ name: "cluster.produce.steady_10k.latency_p50", value: latency.p50, unit: "ms", detail });
  reporter.figure({ name: "cluster.produce.steady_10k.latency_p99", value: latency.p99, unit: "ms", detail });
}

async function leaderOf(cluster: LocalCluster, topic: string, viaBroker?: number) {
  const metadata = await cluster.metadata(viaBroker);
  const partition = metadata.topics.find((entry) => entry.name === topic)?.partitions[0];
  return partition === undefined || partition.leaderId < 0
    ? undefined
    : { leader: partition.leaderId, isr: partition.isrNodes.length };
}

async function failover(cluster: LocalCluster, rill: Rill): Promise<void> {
  const topic = "bench-failover";
  await cluster.createTopic(topic, {
    partitions: 1,
    replicationFactor: 3,
    configs: { "min.insync.replicas": "2" },
  });
  await cluster.waitForLeaders(topic, 1);
  const producer = rill.producer({ deliveryTimeoutMs: 60_000 });
  const timesMs: number[] = [];
  for (let trial = 1; trial <= trials; trial += 1) {
    const before = await waitFor(
      async () => {
        const view = await leaderOf(cluster, topic);
        return view !== undefined && view.isr === 3 ? view : undefined;
      },
      { timeoutMs: STEP_TIMEOUT_MS, intervalMs: POLL_INTERVAL_MS, message: "a leader with a full ISR" },
    );
    let killedAt = Number.POSITIVE_INFINITY;
    let recoveredMs: number | undefined;
    let stop = false;
    const producing = (async () => {
      while (!stop) {
        try {
          const sentAt = performance.now();
          await producer.send({ topic, messages: messagesOf(10) });
          // Sent after the kill and acknowledged: the new leader has taken over.
          if (sentAt > killedAt) {
            recoveredMs = performance.now() - killedAt;
            return;
          }
        } catch {
          // A produce the kill cut off; the next one retries.
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the producer run a little
    const alive = cluster.brokers.find((broker) => broker.nodeId !== before.leader);
    killedAt = performance.now();
    await cluster.kill(before.leader);
    await waitFor(() => recoveredMs !== undefined, {
      timeoutMs: STEP_TIMEOUT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the first produce under the new leader",
    }).finally(() => {
      stop = true;
    });
    await producing;
    timesMs.push(recoveredMs as number);
    reporter.note(
      `trial ${trial}: ${Math.round(recoveredMs as number)} ms (killed ${before.leader}, asked ${alive?.nodeId})`,
    );
    cluster.startProcess(before.leader);
  }
  const summary = summarize(timesMs);
  reporter.figure({
    name: "cluster.failover.kill9_to_acks_all_produce.median",
    value: Math.round(summary.p50),
    unit: "ms",
    detail: { trials },
  });
  reporter.figure({
    name: "cluster.failover.kill9_to_acks_all_produce.max",
    value: Math.round(summary.max),
    unit: "ms",
    detail: { trials },
  });
}

const cluster = await LocalCluster.start({ runFrom: "dist" });
const rill = new Rill({ brokers: cluster.bootstrap.split(","), clientId: "cluster-bench" });
try {
  // Steady latency first: right after the throughput runs, the kernel is still writing back
  // hundreds of MB of dirty pages and fsyncs stall behind it (p99 ~350 ms measured that way).
  if (phases.has("steady")) await steadyLatency(cluster, rill);
  if (phases.has("throughput")) await throughput(cluster, rill);
  if (phases.has("failover")) await failover(cluster, rill);
} finally {
  await rill.disconnect();
  await cluster.close();
}
