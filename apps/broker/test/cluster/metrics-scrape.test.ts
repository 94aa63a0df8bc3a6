/**
 * Real processes (3 controllers + 3 brokers on 127.0.0.1): every metric family a dashboard needs
 * is on /metrics of each broker and controller, and the traffic families move when records are
 * produced, replicated and fetched; the ISR counters move when a paused follower drops out of the
 * ISR and comes back.
 */

import { DataClient } from "@rill/client";
import { callUnary, encodeRecordBatch } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterProcess, LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";
import { familyNames, type Sample, scrape, sumOf } from "../support/prometheus-text.js";

/** Short enough that a paused follower leaves the ISR within the test, long enough not to flap. */
const REPLICA_LAG_TIME_MAX_MS = 2_000;
const WAIT_MS = 60_000;
const TOPIC = "metrics-scrape";
const PARTITIONS = 2;
const BATCHES = 5;
const RECORDS_PER_BATCH = 20;

/** Families every broker exports (rill_ prefix; histograms and counters by their base name). */
const BROKER_FAMILIES = [
  "rill_rpc_requests_total",
  "rill_rpc_request_duration_seconds",
  "rill_topic_bytes_in_total",
  "rill_topic_records_in_total",
  "rill_topic_bytes_out_total",
  "rill_topic_records_out_total",
  "rill_log_size_bytes",
  "rill_log_segments",
  "rill_log_flush_duration_seconds",
  "rill_log_flush_round_logs",
  "rill_replica_isr_shrinks_total",
  "rill_replica_isr_expands_total",
  "rill_replica_under_replicated_partitions",
  "rill_replica_follower_lag_records",
  "rill_replica_follower_lag_seconds",
  "rill_replica_partitions",
  "rill_replica_leader_partitions",
  "rill_broker_metadata_offset",
] as const;

const CONTROLLER_FAMILIES = [
  "rill_rpc_requests_total",
  "rill_rpc_request_duration_seconds",
  "rill_controller_active",
  "rill_controller_raft_term",
  "rill_controller_raft_role",
  "rill_controller_commit_latency_seconds",
  "rill_controller_metadata_offset",
  "rill_controller_broker_metadata_offset",
  "rill_controller_offline_partitions",
] as const;

let cluster: LocalCluster;
let client: DataClient;

beforeAll(async () => {
  cluster = await LocalCluster.start({
    brokerConfig: { "replica.lag.time.max.ms": String(REPLICA_LAG_TIME_MAX_MS) },
  });
  client = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 10_000 });
}, 180_000);

afterAll(async () => {
  client?.close();
  await cluster?.close();
});

async function scrapeAll(processes: readonly ClusterProcess[]): Promise<Sample[][]> {
  return Promise.all(processes.map(async (entry) => (await scrape(entry.host, entry.metricsPort)).samples));
}

/** A metric summed over every process's scrape. */
function total(scrapes: readonly Sample[][], name: string, labels: Record<string, string> = {}): number {
  return scrapes.reduce((sum, samples) => sum + sumOf(samples, name, labels), 0);
}

describe("metrics on a live cluster", () => {
  it("every broker and controller exports each family", async () => {
    for (const [processes, families] of [
      [cluster.brokers, BROKER_FAMILIES],
      [cluster.controllers, CONTROLLER_FAMILIES],
    ] as const) {
      for (const entry of processes) {
        const names = familyNames((await scrape(entry.host, entry.metricsPort)).text);
        const missing = families.filter((family) => !names.has(family));
        expect(missing, `${entry.name} lacks families`).toEqual([]);
      }
    }
  });

  it("traffic families move with produce, replication and fetch", async () => {
    await cluster.createTopic(TOPIC, { partitions: PARTITIONS, replicationFactor: 3 });
    await cluster.waitForLeaders(TOPIC, PARTITIONS);
    const before = await scrapeAll(cluster.brokers);
    const batches: Uint8Array[] = [];
    for (let batch = 0; batch < BATCHES; batch += 1) {
      const records = Array.from({ length: RECORDS_PER_BATCH }, (_, index) => ({
        key: null,
        value: new TextEncoder().encode(`record-${batch}-${index}`),
      }));
      batches.push(encodeRecordBatch({ records }));
    }
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      for (const batch of batches) await client.produce({ topic: TOPIC, partition, batch, acks: "all" });
    }
    const producedBytes = PARTITIONS * batches.reduce((sum, batch) => sum + batch.length, 0);
    const producedRecords = PARTITIONS * BATCHES * RECORDS_PER_BATCH;
    for (let partition = 0; partition < PARTITIONS; partition += 1) {
      const fetched = await client.fetch({ topic: TOPIC, partition, offset: 0, maxWaitMs: 0 });
      expect(fetched.records.length).toBeGreaterThan(0);
    }

    const topic = { topic: TOPIC };
    const client_ = { ...topic, path: "client" };
    const replication = { ...topic, path: "replication" };
    // acks=all answered once both followers hold the records, so replication is already counted.
    const after = await waitFor(
      async () => {
        const scrapes = await scrapeAll(cluster.brokers);
        return total(scrapes, "rill_topic_records_in_total", replication) >= 2 * producedRecords
          ? scrapes
          : undefined;
      },
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "replication counted on the leaders' and followers' metrics",
      },
    );
    const moved = (name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);
    expect(moved("rill_topic_bytes_in_total", client_)).toBe(producedBytes);
    expect(moved("rill_topic_records_in_total", client_)).toBe(producedRecords);
    // Two followers per partition copy every record.
    expect(moved("rill_topic_records_in_total", replication)).toBe(2 * producedRecords);
    expect(moved("rill_topic_bytes_in_total", replication)).toBe(2 * producedBytes);
    expect(moved("rill_topic_bytes_out_total", replication)).toBe(2 * producedBytes);
    expect(moved("rill_topic_records_out_total", client_)).toBe(producedRecords);
    expect(moved("rill_topic_bytes_out_total", client_)).toBe(producedBytes);

    const produce = { method: "BrokerService/Produce" };
    expect(moved("rill_rpc_requests_total", { ...produce, code: "OK" })).toBeGreaterThanOrEqual(
      PARTITIONS * BATCHES,
    );
    expect(moved("rill_rpc_request_duration_seconds_count", produce)).toBeGreaterThanOrEqual(
      PARTITIONS * BATCHES,
    );
    expect(moved("rill_log_flush_duration_seconds_count")).toBeGreaterThan(0);
    // The commit path's stages: every acknowledged produce timed end to end and in replication,
    // the followers' appends and fsyncs, and their reports back to the leaders.
    const stage = (name: string) => moved("rill_commit_path_stage_seconds_count", { stage: name });
    expect(stage("produce_total")).toBeGreaterThanOrEqual(PARTITIONS * BATCHES);
    expect(stage("replication")).toBeGreaterThanOrEqual(PARTITIONS * BATCHES);
    expect(stage("append")).toBeGreaterThanOrEqual(PARTITIONS * BATCHES);
    expect(stage("follower_write")).toBeGreaterThan(0);
    expect(stage("follower_fsync")).toBeGreaterThan(0);
    expect(stage("follower_ack")).toBeGreaterThan(0);
    expect(moved("rill_log_flush_round_logs_sum")).toBeGreaterThan(0);
    // Three replicas of each partition hold every byte produced (at least: batch headers re-stamped).
    expect(total(after, "rill_log_size_bytes", topic)).toBeGreaterThanOrEqual(3 * producedBytes);
    expect(total(after, "rill_log_segments", topic)).toBe(3 * PARTITIONS);
    // One leader per partition reports its followers' lag.
    expect(
      after
        .flat()
        .filter(
          (sample) => sample.name === "rill_replica_follower_lag_records" && sample.labels.topic === TOPIC,
        ),
    ).toHaveLength(PARTITIONS);
  });

  it("a refused call is counted under its error name", async () => {
    const broker = cluster.brokers[0] as ClusterProcess;
    const refused = (samples: Sample[]) =>
      sumOf(samples, "rill_rpc_requests_total", { method: "BrokerService/Fetch", code: "INVALID_REQUEST" });
    const before = refused((await scrape(broker.host, broker.metricsPort)).samples);
    const request = { topics: [], maxWaitMs: -1, minBytes: 0, maxBytes: 0 };
    await expect(
      callUnary(cluster.brokerClient(broker.nodeId), "fetch", request, { timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ errorName: "INVALID_REQUEST" });
    // The status is counted as it is sent, before the client sees it.
    expect(refused((await scrape(broker.host, broker.metricsPort)).samples)).toBe(before + 1);
  });

  it("controllers: one active, the term, commit latency and each broker's metadata offset", async () => {
    const scrapes = await scrapeAll(cluster.controllers);
    expect(total(scrapes, "rill_controller_active")).toBe(1);
    const active = scrapes.find((samples) => sumOf(samples, "rill_controller_active") === 1) as Sample[];
    expect(sumOf(active, "rill_controller_raft_term")).toBeGreaterThan(0);
    // The topic creation and the brokers' registrations were proposed and committed here.
    expect(sumOf(active, "rill_controller_commit_latency_seconds_count")).toBeGreaterThan(0);
    const offsets = active.filter((sample) => sample.name === "rill_controller_broker_metadata_offset");
    expect(offsets.map((sample) => sample.labels.broker_id).sort()).toEqual(
      cluster.brokers.map((entry) => String(entry.nodeId)).sort(),
    );
    for (const sample of offsets) expect(sample.value).toBeGreaterThan(0);
  });

  it("ISR shrinks when a follower stops fetching and expands when it is back", async () => {
    const [partition] = await cluster.waitForLeaders(TOPIC, PARTITIONS);
    const leaderId = partition?.leaderId as number;
    const follower = cluster.brokers.find((entry) => entry.nodeId !== leaderId) as ClusterProcess;
    const leader = cluster.process(leaderId);
    const counter = async (name: string) =>
      sumOf((await scrape(leader.host, leader.metricsPort)).samples, name);
    const shrinksBefore = await counter("rill_replica_isr_shrinks_total");
    const expandsBefore = await counter("rill_replica_isr_expands_total");
    cluster.pause(follower.name);
    try {
      // Records keep arriving, so the paused follower falls behind and leaves the ISR.
      await waitFor(
        async () => {
          await client.produce({
            topic: TOPIC,
            partition: 0,
            batch: encodeRecordBatch({ records: [{ key: null, value: new Uint8Array(8) }] }),
            acks: 1,
          });
          return (await counter("rill_replica_isr_shrinks_total")) > shrinksBefore ? true : undefined;
        },
        { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the leader shrank the ISR" },
      );
      const under = await scrape(leader.host, leader.metricsPort);
      expect(sumOf(under.samples, "rill_replica_under_replicated_partitions")).toBeGreaterThan(0);
    } finally {
      cluster.resume(follower.name);
    }
    await waitFor(
      async () => ((await counter("rill_replica_isr_expands_total")) > expandsBefore ? true : undefined),
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the leader expanded the ISR" },
    );
  });
});
