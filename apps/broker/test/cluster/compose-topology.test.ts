/**
 * deploy/docker-compose.yml's topology as real processes, each on a host of its own (a network
 * namespace that resolves the other hosts by name, as a compose network does): brokers listen on
 * INTERNAL (advertised as broker-N, replication) and EXTERNAL (advertised by address, for clients
 * outside). This test process sits outside: it cannot resolve the INTERNAL names, bootstraps from
 * the EXTERNAL listeners, produces acks=all (so every record is replicated over INTERNAL) and
 * reads it back, and Metadata answers each side with its own listener's addresses.
 */
import { lookup } from "node:dns/promises";
import { DataClient } from "@rill/client";
import { callUnary, createBrokerClient, decodeRecordBatch, encodeRecordBatch } from "@rill/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster } from "../support/local-cluster.js";
import { netnsAvailable } from "../support/netns-network.js";

/** The EXTERNAL port every broker binds on its own host (INTERNAL is the cluster's usual port). */
const EXTERNAL_PORT = 19092;
const TOPIC = "compose-topology";
const RECORDS = 50;

describe.skipIf(!netnsAvailable())("compose topology in network namespaces", () => {
  let cluster: LocalCluster;
  let client: DataClient;
  const external = (host: string) => `${host}:${EXTERNAL_PORT}`;

  beforeAll(async () => {
    cluster = await LocalCluster.start({
      netns: true,
      brokerListeners: (broker) => ({
        listeners: `INTERNAL://${broker.address},EXTERNAL://${external(broker.host)}`,
        "advertised.listeners": `INTERNAL://${broker.name}:${broker.port},EXTERNAL://${external(broker.host)}`,
        "inter.broker.listener.name": "INTERNAL",
      }),
    });
    client = new DataClient({
      bootstrap: cluster.brokers.map((broker) => external(broker.host)),
      requestTimeoutMs: 10_000,
    });
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await cluster?.close();
  });

  it("the INTERNAL names resolve only inside the service network", async () => {
    await expect(lookup(cluster.brokers[0]?.name as string)).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("Metadata answers with the addresses of the listener the request came through", async () => {
    const broker = cluster.brokers[0];
    if (broker === undefined) throw new Error("no broker");
    for (const [address, expected] of [
      [broker.address, cluster.brokers.map((entry) => `${entry.name}:${entry.port}`)],
      [external(broker.host), cluster.brokers.map((entry) => external(entry.host))],
    ] as const) {
      const grpc = createBrokerClient(address);
      try {
        const metadata = await callUnary(grpc, "metadata", { allTopics: true }, { timeoutMs: 10_000 });
        expect(metadata.brokers.map((node) => `${node.host}:${node.port}`)).toEqual(expected);
      } finally {
        grpc.close();
      }
    }
  });

  it("a client outside produces through EXTERNAL; the records replicate over INTERNAL", async () => {
    await cluster.createTopic(TOPIC, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "3" },
    });
    await cluster.waitForLeaders(TOPIC, 1);
    const values = Array.from({ length: RECORDS }, (_, index) => `record-${index}`);
    const batch = encodeRecordBatch({
      records: values.map((value) => ({ key: null, value: new TextEncoder().encode(value) })),
    });
    // acks=all with min.insync.replicas=3: answered only once both followers copied the batch.
    const produced = await client.produce({ topic: TOPIC, partition: 0, batch, acks: "all" });
    expect(produced.baseOffset).toBe(0);
    const fetched = await client.fetch({ topic: TOPIC, partition: 0, offset: 0, maxWaitMs: 0 });
    const decoded = decodeRecordBatch(fetched.records);
    expect(
      decoded.records.map((record) => new TextDecoder().decode(record.value ?? new Uint8Array())),
    ).toEqual(values);
    // All three replicas stayed in the ISR (replication over INTERNAL kept up).
    for (const broker of cluster.brokers) {
      const grpc = createBrokerClient(broker.address);
      try {
        const answer = await callUnary(grpc, "metadata", { topics: [TOPIC] }, { timeoutMs: 10_000 });
        expect(answer.topics[0]?.partitions[0]?.isrNodes).toHaveLength(3);
      } finally {
        grpc.close();
      }
    }
  });
});
