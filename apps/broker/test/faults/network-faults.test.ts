/**
 * Network faults between real processes, each on a host of its own (a network namespace with its
 * own address; see NetnsNetwork): 3 controllers + 3 brokers, an idempotent acks=all producer
 * writing throughout, and a checker over its whole history. Faults: the partition leader cut off
 * from every node, a leader cut from the controllers only (it can still reach its followers), and
 * a one-way cut from the leader to the controllers (its heartbeats are lost, their answers not). After each fault heals, every broker is back in the ISR; at the end every
 * acknowledged record reads back exactly once, at its offset, in order.
 *
 * Availability is measured, not asserted (tests hold no timing thresholds): the time from each
 * fault to the next acknowledged produce and from each heal to a full ISR are printed.
 *
 * Needs root for the namespaces (CI runs as root); elsewhere the file says why it did not run.
 */
import { DataClient, decodeFetchedBatches, nextFetchOffset, recordsFrom } from "@rill/client";
import { type BrokerV1, callUnary, createBrokerClient } from "@rill/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsumedRecord, checkDelivery } from "../cluster/delivery-checker.js";
import { HistoryProducer } from "../cluster/producer-history.js";
import { LocalCluster, waitFor } from "../support/local-cluster.js";
import { netnsAvailable } from "../support/netns-network.js";

const SESSION_TIMEOUT_MS = 3_000;
const WAIT_MS = 90_000;
const ACKS_PER_PHASE = 150;
const TOPIC = "faults";
const canRun = netnsAvailable();

let cluster: LocalCluster;
let client: DataClient;

beforeAll(async () => {
  if (!canRun) return;
  cluster = await LocalCluster.start({
    netns: true,
    controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
      "replica.lag.time.max.ms": "4000",
    },
  });
  client = new DataClient({ bootstrap: cluster.bootstrap.split(","), requestTimeoutMs: 3_000 });
}, 180_000);

afterAll(async () => {
  client?.close();
  await cluster?.close();
});

interface PartitionView {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
}

/** Partition 0 as any reachable broker's metadata shows it (the newest leader epoch wins). */
async function partitionView(): Promise<PartitionView | undefined> {
  let best: PartitionView | undefined;
  for (const broker of cluster.brokers) {
    try {
      const metadata = await cluster.metadata(broker.nodeId, 1_500);
      const partition = metadata.topics.find((entry) => entry.name === TOPIC)?.partitions[0];
      if (partition === undefined || partition.leaderId < 0) continue;
      if (best === undefined || partition.leaderEpoch > best.leaderEpoch) {
        best = { leader: partition.leaderId, leaderEpoch: partition.leaderEpoch, isr: partition.isrNodes };
      }
    } catch {
      // cut off or busy: ask the next one
    }
  }
  return best;
}

function initProducerId(request: BrokerV1.InitProducerIdRequest) {
  const broker = cluster.brokers[0];
  return callUnary(createBrokerClient(broker?.address ?? ""), "initProducerId", request, {
    timeoutMs: 5_000,
  });
}

async function readAll(): Promise<ConsumedRecord[]> {
  const end = await client.listOffsets({ topic: TOPIC, partition: 0, spec: "latest" });
  const records: ConsumedRecord[] = [];
  let offset = 0;
  while (offset < end.offset) {
    const answer = await client.fetch({ topic: TOPIC, partition: 0, offset, maxWaitMs: 100 });
    const batches = decodeFetchedBatches(answer.records);
    for (const record of recordsFrom(batches, offset)) {
      records.push({ value: Buffer.from(record.value ?? []).toString(), offset: record.offset });
    }
    offset = nextFetchOffset(batches, offset);
  }
  return records;
}

const hostOf = (nodeId: number) => `broker-${nodeId}`;
const controllerHosts = () => cluster.controllers.map((controller) => controller.name);

describe.skipIf(!canRun)("network faults between hosts (network namespaces)", () => {
  it("loses, duplicates and reorders nothing acknowledged through isolation, a cut from the controllers and a one-way cut", async () => {
    const network = cluster.network;
    if (network === undefined) throw new Error("the cluster was not started on its own network");
    await cluster.createTopic(TOPIC, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    await cluster.waitForLeaders(TOPIC, 1);
    const producer = new HistoryProducer({
      client,
      initProducerId,
      topic: TOPIC,
      partition: 0,
      recordsPerBatch: 10,
      produceTimeoutMs: 30_000,
      valuePrefix: "net",
    });
    producer.start();
    const acked = () => producer.history.acknowledged.length;
    const figures: string[] = [];

    /** Runs one fault: waits for progress, applies it, measures recovery, heals, waits for a full ISR. */
    async function phase(name: string, apply: (leader: number) => void): Promise<void> {
      const start = acked();
      await waitFor(
        `${ACKS_PER_PHASE} acknowledgements before ${name}`,
        () => acked() >= start + ACKS_PER_PHASE,
        WAIT_MS,
      );
      const before = await waitFor("the partition's leader", () => partitionView(), WAIT_MS);
      const count = acked();
      const faultAt = Date.now();
      apply(before.leader);
      await waitFor(`produce acknowledged again during ${name}`, () => acked() > count + 20, WAIT_MS);
      const availableAfterMs = Date.now() - faultAt;
      network?.heal();
      const healedAt = Date.now();
      await waitFor(
        `every broker back in the ISR after ${name}`,
        async () => (await partitionView())?.isr.length === 3,
        WAIT_MS,
      );
      figures.push(
        `${name}: acks again after ${availableAfterMs} ms, full ISR ${Date.now() - healedAt} ms after heal`,
      );
    }

    await phase("leader isolated", (leader) => network.isolate(hostOf(leader)));
    await phase("leader cut from the controllers", (leader) =>
      network.partition([hostOf(leader)], controllerHosts()),
    );
    await phase("one-way cut, leader to the controllers", (leader) => {
      for (const controller of controllerHosts()) network.cut(hostOf(leader), controller, { oneWay: true });
    });
    const end = acked();
    await waitFor(
      "more acknowledgements after the last heal",
      () => acked() >= end + ACKS_PER_PHASE,
      WAIT_MS,
    );

    const history = await producer.stop();
    const report = checkDelivery({ ...history, consumed: await readAll() });
    console.info(
      `network faults: ${report.acknowledged} acknowledged, ${report.indeterminate} indeterminate, ` +
        `${report.consumed} read back; ${figures.join("; ")}`,
    );
    expect({
      lost: report.lost,
      duplicated: report.duplicated,
      misplaced: report.misplaced,
      reordered: report.reordered,
      unknown: report.unknown,
      nonMonotonicOffsets: report.nonMonotonicOffsets,
    }).toEqual({
      lost: [],
      duplicated: [],
      misplaced: [],
      reordered: [],
      unknown: [],
      nonMonotonicOffsets: 0,
    });
  }, 600_000);
});
