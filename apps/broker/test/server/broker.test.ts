/**
 * The broker process assembled in this test process (startBroker) against a fake controller and
 * a fake replica manager: config and data-dir checks, registration and unfencing, the Metadata
 * RPC from the followed image, admin forwarding, health, and the shutdown sequence.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMetadataRecordBatch, MetadataImage, type MetadataRecord } from "@rill/metadata";
import { callUnary, createBrokerClient, createControllerClient, RillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { freePorts, waitFor } from "@rill/protocol/testing";
import { checkHealth, formatDataDir, randomClusterId } from "@rill/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { PartitionSignal } from "../../src/replica/partition-signal.js";
import { type BrokerHandle, type ReplicaHost, startBroker } from "../../src/server/broker.js";
import { type FakeController, startFakeController } from "./fake-controller.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rill-broker-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const BROKER_EPOCH = 5;
const registration: Extract<MetadataRecord, { type: "RegisterBroker" }> = {
  type: "RegisterBroker",
  brokerId: nodeId(101),
  incarnationId: "whatever",
  brokerEpoch: BROKER_EPOCH,
  endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: 1 }],
  rack: null,
  fenced: true,
  inControlledShutdown: false,
  registeredOffset: 0,
};
const topicRecords: MetadataRecord[] = [
  { type: "Topic", name: "orders", topicId: "id-orders" },
  {
    type: "Partition",
    topicId: "id-orders",
    partition: 0,
    replicas: [nodeId(101)],
    isr: [nodeId(101)],
    leader: nodeId(101),
    leaderEpoch: 3,
    partitionEpoch: 0,
    addingReplicas: [],
    removingReplicas: [],
  },
];

/** A controller that registers 101, unfences it once it reports offset 1, and streams 2 entries. */
/** The endpoints of broker 101 in the streamed registration. */
type Endpoints = Extract<MetadataRecord, { type: "RegisterBroker" }>["endpoints"];

async function fakeQuorum(
  endpoints: Endpoints = [{ name: "CLIENT", host: "127.0.0.1", port: 1 }],
  fenced = true,
): Promise<FakeController> {
  const controller = await startFakeController({
    registerBroker: async () => ({ brokerEpoch: BROKER_EPOCH }),
    brokerHeartbeat: async (request: { currentMetadataOffset: number; wantShutDown: boolean }) => ({
      isCaughtUp: request.currentMetadataOffset >= 1,
      isFenced: request.currentMetadataOffset < 1 || request.wantShutDown,
      shouldShutDown: request.wantShutDown,
    }),
    controlledShutdown: async () => ({ remainingPartitions: [] }),
    createTopics: async (request: { topics: { name: string }[] }) => ({
      topics: request.topics.map((topic) => ({ name: topic.name, topicId: "new-id", numPartitions: 1 })),
    }),
  });
  controller.stream(async (_request, call) => {
    call.write({
      deltas: {
        records: [
          {
            offset: 1,
            epoch: 1,
            record: Buffer.from(encodeMetadataRecordBatch([{ ...registration, endpoints, fenced }])),
          },
          { offset: 2, epoch: 1, record: Buffer.from(encodeMetadataRecordBatch(topicRecords)) },
        ],
      },
      highWatermark: 2,
    });
    await new Promise<void>((resolve) => call.once("cancelled", () => resolve()));
  });
  cleanups.push(() => controller.close());
  return controller;
}

function fakeReplicas(): ReplicaHost & { applied: number[]; closed: boolean } {
  const host = {
    applied: [] as number[],
    closed: false,
    applyMetadata: (image: { offset: number }) => {
      host.applied.push(image.offset);
    },
    brokerHandlersFor: () => ({}) as ReturnType<ReplicaHost["brokerHandlersFor"]>,
    replicationHandlers: {} as ReplicaHost["replicationHandlers"],
    describePartitions: () => [],
    image: () => MetadataImage.EMPTY,
    lookup: (topic: string, partition: number) =>
      new RillError("UNKNOWN_TOPIC_OR_PARTITION", `${topic}-${partition} is not hosted by the fake`),
    rolesChanged: new PartitionSignal(),
    close: async () => {
      host.closed = true;
    },
  };
  return host;
}

async function formattedDir(nodeId = 101, clusterId = randomClusterId()): Promise<string> {
  const dataDir = join(await tempDir(), `broker-${nodeId}`);
  await formatDataDir({ dataDir, nodeId, clusterId });
  return dataDir;
}

async function start(
  controller: FakeController,
  dataDir: string,
  replicas = fakeReplicas(),
  listenerValues: Record<string, string> = { listeners: "127.0.0.1:0" },
): Promise<BrokerHandle> {
  const broker = await startBroker({
    values: {
      "node.id": "101",
      ...listenerValues,
      "controller.quorum.bootstrap.servers": controller.address,
      "data.dir": dataDir,
      "log.level": "silent",
      "broker.heartbeat.interval.ms": "100",
    },
    env: {},
    installHandlers: false,
    openReplicaHost: async () => replicas,
  });
  cleanups.push(() => broker.close());
  return broker;
}

describe("startBroker", () => {
  it("registers, follows the metadata log, is unfenced, and serves Metadata from its image", async () => {
    const controller = await fakeQuorum();
    const replicas = fakeReplicas();
    const broker = await start(controller, await formattedDir(), replicas);
    await broker.whenUnfenced(10_000);
    await broker.follower.whenApplied(2, 10_000);
    expect(replicas.applied).toEqual([1, 2]);
    const registered = controller.calls.find((call) => call.method === "registerBroker")?.request;
    expect(registered).toMatchObject({
      nodeId: 101,
      clusterId: broker.clusterId,
      endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: Number(broker.address.split(":")[1]) }],
    });

    const client = createBrokerClient(broker.address);
    cleanups.push(() => client.close());
    const metadata = await callUnary(client, "metadata", { allTopics: true }, { timeoutMs: 5_000 });
    expect(metadata.clusterId).toBe(broker.clusterId);
    expect(metadata.metadataOffset).toBe(2);
    expect(
      metadata.topics.map((topic) => [
        topic.name,
        topic.partitions[0]?.leaderId,
        topic.partitions[0]?.leaderEpoch,
      ]),
    ).toEqual([["orders", 101, 3]]);
    await waitFor(() => broker.connection.session.fenced === false, {
      timeoutMs: 10_000,
      message: "unfenced",
    });
    expect(await checkHealth(broker.address, "", 2_000)).toBe("SERVING");
    const metrics = await (await fetch(`${broker.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/rill_broker_metadata_offset\{[^}]*\} 2/);
  });

  it("registers every named listener, inter-broker first, and answers Metadata with the listener's addresses", async () => {
    const [internalPort, externalPort] = (await freePorts(2)) as [number, number];
    const controller = await fakeQuorum(
      [
        { name: "INTERNAL", host: "broker-1", port: 9092 },
        { name: "EXTERNAL", host: "localhost", port: 19092 },
      ],
      false,
    );
    const broker = await start(controller, await formattedDir(), fakeReplicas(), {
      listeners: `EXTERNAL://127.0.0.1:${externalPort},INTERNAL://127.0.0.1:${internalPort}`,
      "advertised.listeners": `INTERNAL://broker-1:${internalPort},EXTERNAL://localhost:${externalPort}`,
      "inter.broker.listener.name": "INTERNAL",
    });
    await broker.follower.whenApplied(2, 10_000);
    const registered = controller.calls.find((call) => call.method === "registerBroker")?.request;
    expect(registered).toMatchObject({
      endpoints: [
        { listenerName: "INTERNAL", host: "broker-1", port: internalPort },
        { listenerName: "EXTERNAL", host: "localhost", port: externalPort },
      ],
    });
    expect(broker.address).toBe(`127.0.0.1:${internalPort}`);
    for (const [port, host] of [
      [internalPort, "broker-1"],
      [externalPort, "localhost"],
    ] as const) {
      const client = createBrokerClient(`127.0.0.1:${port}`);
      cleanups.push(() => client.close());
      const metadata = await callUnary(client, "metadata", { allTopics: true }, { timeoutMs: 5_000 });
      expect(metadata.brokers.map((node) => node.host)).toEqual([host]);
    }
  });

  it("forwards admin requests to the active controller and refuses broker-only ones", async () => {
    const controller = await fakeQuorum();
    const broker = await start(controller, await formattedDir());
    const admin = createControllerClient(broker.address);
    cleanups.push(() => admin.close());
    const created = await callUnary(
      admin,
      "createTopics",
      { topics: [{ name: "new" }] },
      { timeoutMs: 5_000 },
    );
    expect(created.topics[0]).toMatchObject({ name: "new", topicId: "new-id" });
    expect(controller.calls.some((call) => call.method === "createTopics")).toBe(true);
    // A request the fake does not implement comes back with the controller's own error.
    await expect(callUnary(admin, "listTopics", {}, { timeoutMs: 5_000 })).rejects.toMatchObject({
      errorName: "UNSUPPORTED_VERSION",
    });
    await expect(
      callUnary(admin, "registerBroker", { nodeId: 7 }, { timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ errorName: "NOT_CONTROLLER", details: { port: controller.port } });
  });

  it("runs the controlled shutdown, then closes the replica manager", async () => {
    const controller = await fakeQuorum();
    const replicas = fakeReplicas();
    const broker = await start(controller, await formattedDir(), replicas);
    await broker.whenUnfenced(10_000);
    await broker.close();
    expect(controller.calls.filter((call) => call.method === "controlledShutdown")).toHaveLength(1);
    expect(replicas.closed).toBe(true);
    const client = createBrokerClient(broker.address);
    cleanups.push(() => client.close());
    await expect(callUnary(client, "metadata", {}, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(RillError);
  });

  it("refuses an unformatted or foreign data dir, and bad config, with clear errors", async () => {
    const controller = await fakeQuorum();
    const unformatted = join(await tempDir(), "nothing-here");
    await expect(start(controller, unformatted)).rejects.toThrow(
      /is not formatted; run `rill storage format/,
    );
    const foreign = await formattedDir(102);
    await expect(start(controller, foreign)).rejects.toThrow(/belongs to node 102, not to node 101/);
    await expect(
      startBroker({
        values: { "node.id": "-4", listeners: "0.0.0.0:0", "broker.heartbeat.interval.ms": "soon" },
        env: {},
        installHandlers: false,
      }),
    ).rejects.toThrow(
      /node.id = '-4' from flag --node-id is out of range[\s\S]*controller.quorum.bootstrap.servers is required[\s\S]*data.dir is required[\s\S]*broker.heartbeat.interval.ms = 'soon'/,
    );
    await expect(
      startBroker({
        values: {
          "node.id": "101",
          listeners: "0.0.0.0:0",
          "controller.quorum.bootstrap.servers": controller.address,
          "data.dir": await formattedDir(),
        },
        env: {},
        installHandlers: false,
      }),
    ).rejects.toThrow(/advertised.listeners is required/);
  });
});
