/**
 * Real processes: 3 controllers + 3 brokers on 127.0.0.1 (the local-cluster harness). Brokers
 * register and are unfenced; a topic created through a broker's address gets leaders on the
 * brokers, visible through the Metadata RPC; SIGTERM of a broker moves its leaderships away
 * before it exits (controlled shutdown), and a restarted broker registers again and rejoins; a
 * broker paused past its session timeout is fenced and unfenced again once resumed; a broker
 * killed with -9 and restarted registers again (after the old session expires) and rejoins.
 */
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";

const TOPIC = "orders";
const PARTITIONS = 3;

describe("broker processes in a local cluster", () => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await LocalCluster.start({
      controllers: 3,
      brokers: 3,
      // Short sessions so that fencing happens within the test; still 12 heartbeats long, so a
      // loaded machine does not fence a healthy broker.
      controllerConfig: { "broker.session.timeout.ms": "6000" },
      brokerConfig: { "broker.heartbeat.interval.ms": "500", "broker.session.timeout.ms": "6000" },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
  });

  it("registers every broker, unfenced, with its advertised address", async () => {
    const metadata = await cluster.metadata(101);
    expect(metadata.clusterId).toBe(cluster.clusterId);
    expect(metadata.brokers.map((node) => [node.nodeId, `${node.host}:${node.port}`])).toEqual(
      cluster.brokers.map((broker) => [broker.nodeId, broker.address]),
    );
    const described = await cluster.describeCluster();
    expect(described.brokers.map((broker) => [broker.nodeId, broker.state]).sort()).toEqual([
      [101, "BROKER_STATE_ACTIVE"],
      [102, "BROKER_STATE_ACTIVE"],
      [103, "BROKER_STATE_ACTIVE"],
    ]);
  });

  it("creates a topic through a broker and shows its leaders on every broker", async () => {
    const created = await cluster.createTopic(TOPIC, {
      partitions: PARTITIONS,
      replicationFactor: 3,
      via: cluster.process(102).address,
    });
    expect(created).toMatchObject({ name: TOPIC, errorCode: 0, numPartitions: PARTITIONS });
    for (const broker of cluster.brokers) {
      const partitions = await cluster.waitForLeaders(TOPIC, PARTITIONS, 30_000, broker.nodeId);
      for (const partition of partitions) {
        expect([101, 102, 103]).toContain(partition.leaderId);
        expect([...partition.replicaNodes].sort()).toEqual([101, 102, 103]);
        expect(partition.isrNodes).toContain(partition.leaderId);
        expect(partition.offlineReplicas).toEqual([]);
      }
    }
  });

  it("moves a stopping broker's leaderships away before it exits (controlled shutdown)", async () => {
    const partitions = await cluster.waitForLeaders(TOPIC, PARTITIONS);
    const stopping = partitions[0]!.leaderId;
    const code = await cluster.stop(stopping);
    expect(code).toBe(0);
    expect(cluster.log(stopping)).toContain('"outcome":"done"');
    const survivor = cluster.brokers.find((broker) => broker.nodeId !== stopping)!.nodeId;
    const after = await waitFor(
      async () => {
        const metadata = await cluster.metadata(survivor);
        const topic = metadata.topics.find((entry) => entry.name === TOPIC);
        return topic?.partitions.every(
          (partition) => partition.leaderId >= 0 && partition.leaderId !== stopping,
        )
          ? topic.partitions
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: POLL_INTERVAL_MS, message: `no partition led by ${stopping}` },
    );
    for (const partition of after) expect(partition.isrNodes).not.toContain(stopping);

    // Back again: a new incarnation registers with a newer epoch and is unfenced.
    const before = (await cluster.describeCluster()).brokers.find((broker) => broker.nodeId === stopping);
    cluster.startProcess(stopping);
    await cluster.waitForBrokersUnfenced([101, 102, 103], 60_000);
    const again = (await cluster.describeCluster()).brokers.find((broker) => broker.nodeId === stopping);
    expect(again?.brokerEpoch).toBeGreaterThan(before?.brokerEpoch ?? Number.MAX_SAFE_INTEGER);
    expect(again?.incarnationId).not.toBe(before?.incarnationId);
  });

  it("fences a broker paused past its session timeout and unfences it once it resumes", async () => {
    const epochBefore = (await cluster.describeCluster()).brokers.find(
      (broker) => broker.nodeId === 103,
    )?.brokerEpoch;
    cluster.pause(103);
    try {
      await waitFor(async () => !(await cluster.metadata(101)).brokers.some((node) => node.nodeId === 103), {
        timeoutMs: 30_000,
        intervalMs: POLL_INTERVAL_MS,
        message: "broker 103 fenced",
      });
    } finally {
      cluster.resume(103);
    }
    await cluster.waitForBrokersUnfenced([101, 102, 103], 30_000);
    // The same registration came back: its session was renewed, not replaced.
    const after = (await cluster.describeCluster()).brokers.find((broker) => broker.nodeId === 103);
    expect(after?.brokerEpoch).toBe(epochBefore);
  });

  it("re-registers a broker restarted after kill -9 and unfences it", async () => {
    const before = (await cluster.describeCluster()).brokers.find((broker) => broker.nodeId === 102);
    await cluster.restart(102);
    await waitFor(
      async () => {
        const described = (await cluster.describeCluster()).brokers.find((broker) => broker.nodeId === 102);
        return described !== undefined && described.incarnationId !== before?.incarnationId;
      },
      { timeoutMs: 60_000, intervalMs: POLL_INTERVAL_MS, message: "a new registration of broker 102" },
    );
    await cluster.waitForBrokersUnfenced([101, 102, 103], 60_000);
    const partitions = await cluster.waitForLeaders(TOPIC, PARTITIONS, 30_000, 102);
    expect(partitions).toHaveLength(PARTITIONS);
  });
});
