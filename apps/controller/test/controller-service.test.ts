/**
 * ControllerService handlers over real gRPC, on QuorumControllers sharing an InMemoryQuorum:
 * every RPC, validation errors as gRPC statuses (whole request) or item error codes (batch
 * items), forwarding from a follower, and NOT_CONTROLLER with its hint.
 */
import { status as GrpcStatus } from "@grpc/grpc-js";
import { type ControllerV1, callUnary, ErrorCodes, isRillError, type RillError } from "@rill/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CLUSTER_ID,
  type InMemoryController,
  settle,
  startInMemoryControllers,
} from "./support/in-memory-controllers.js";

let cluster: Awaited<ReturnType<typeof startInMemoryControllers>>;
let leader: InMemoryController;
let follower: InMemoryController;

const options = { timeoutMs: 5_000 };

async function rejection(promise: Promise<unknown>): Promise<RillError> {
  try {
    await promise;
  } catch (error) {
    if (isRillError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

function grpcCodeOf(error: RillError): number | undefined {
  return (error.cause as { code?: number } | undefined)?.code;
}

/** Registers brokers and unfences them (a heartbeat reporting the whole log applied). */
async function addBrokers(
  client: ControllerV1.ControllerServiceClient,
  ids: readonly number[],
): Promise<Map<number, number>> {
  const epochs = new Map<number, number>();
  for (const id of ids) {
    const { brokerEpoch } = await callUnary(
      client,
      "registerBroker",
      {
        nodeId: id,
        incarnationId: `incarnation-${id}`,
        clusterId: CLUSTER_ID,
        endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: 9000 + id }],
        rack: "",
        previousBrokerEpoch: -1,
      },
      options,
    );
    const heartbeat = await callUnary(
      client,
      "brokerHeartbeat",
      {
        nodeId: id,
        brokerEpoch,
        currentMetadataOffset: cluster.log.commitIndex,
        wantFence: false,
        wantShutDown: false,
      },
      options,
    );
    expect(heartbeat.isFenced).toBe(false);
    epochs.set(id, brokerEpoch);
  }
  return epochs;
}

function createTopic(client: ControllerV1.ControllerServiceClient, topic: ControllerV1.CreatableTopic) {
  return callUnary(client, "createTopics", { topics: [topic] }, options);
}

beforeEach(async () => {
  cluster = await startInMemoryControllers({ count: 2 });
  cluster.log.elect(1);
  await settle();
  [leader, follower] = cluster.controllers as [InMemoryController, InMemoryController];
  expect(leader.quorum.isReady).toBe(true);
});

afterEach(async () => {
  await cluster.close();
});

describe("broker lifecycle RPCs", () => {
  it("registers brokers, unfences them on heartbeat and lists them in DescribeCluster", async () => {
    const epochs = await addBrokers(leader.client, [101, 102]);
    expect(epochs.get(102)).toBeGreaterThan(epochs.get(101) as number);
    const description = await callUnary(
      follower.client,
      "describeCluster",
      { includeFencedBrokers: true },
      options,
    );
    expect(description.clusterId).toBe(CLUSTER_ID);
    expect(description.activeControllerId).toBe(1);
    expect(description.highWatermark).toBe(cluster.log.commitIndex);
    expect(description.controllers.map((controller) => [controller.nodeId, controller.role])).toEqual([
      [1, "CONTROLLER_ROLE_LEADER"],
      [2, "CONTROLLER_ROLE_FOLLOWER"],
    ]);
    expect(description.brokers.map((broker) => [broker.nodeId, broker.state, broker.brokerEpoch])).toEqual([
      [101, "BROKER_STATE_ACTIVE", epochs.get(101)],
      [102, "BROKER_STATE_ACTIVE", epochs.get(102)],
    ]);
    expect(description.brokers[0]?.endpoints).toEqual([
      { listenerName: "CLIENT", host: "127.0.0.1", port: 9101 },
    ]);
    // Only the active controller hears heartbeats: it reports each broker's metadata offset.
    expect(description.brokers.map((broker) => broker.metadataOffset)).toEqual([-1, -1]);
    const fromLeader = await callUnary(
      leader.client,
      "describeCluster",
      { includeFencedBrokers: true },
      options,
    );
    expect(fromLeader.brokers.every((broker) => broker.metadataOffset >= 0)).toBe(true);
  });

  it("answers a wrong cluster id, a bad registration and a stale epoch with the right statuses", async () => {
    const base = {
      nodeId: 101,
      incarnationId: "a",
      endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: 9101 }],
      rack: "",
      previousBrokerEpoch: -1,
    };
    const foreign = await rejection(
      callUnary(leader.client, "registerBroker", { ...base, clusterId: "other" }, options),
    );
    expect(foreign.errorName).toBe("INCONSISTENT_CLUSTER_ID");
    expect(foreign.code).toBe(ErrorCodes.INCONSISTENT_CLUSTER_ID.code);
    const invalid = await rejection(
      callUnary(leader.client, "registerBroker", { ...base, clusterId: CLUSTER_ID, endpoints: [] }, options),
    );
    expect(invalid.errorName).toBe("INVALID_REQUEST");
    expect(grpcCodeOf(invalid)).toBe(GrpcStatus.INVALID_ARGUMENT);
    const epochs = await addBrokers(leader.client, [101]);
    const stale = await rejection(
      callUnary(
        follower.client,
        "brokerHeartbeat",
        {
          nodeId: 101,
          brokerEpoch: (epochs.get(101) as number) - 1,
          currentMetadataOffset: 0,
          wantFence: false,
          wantShutDown: false,
        },
        options,
      ),
    );
    expect(stale.errorName).toBe("STALE_BROKER_EPOCH");
    const unknown = await rejection(
      callUnary(leader.client, "allocateProducerIds", { brokerId: 999, brokerEpoch: 1 }, options),
    );
    expect(unknown.errorName).toBe("BROKER_ID_NOT_REGISTERED");
    expect(grpcCodeOf(unknown)).toBe(GrpcStatus.NOT_FOUND);
  });

  it("allocates disjoint producer-id blocks, through the leader and a follower", async () => {
    const epochs = await addBrokers(leader.client, [101]);
    const request = { brokerId: 101, brokerEpoch: epochs.get(101) as number };
    const first = await callUnary(leader.client, "allocateProducerIds", request, options);
    const second = await callUnary(follower.client, "allocateProducerIds", request, options);
    expect(first.producerIdLen).toBeGreaterThan(0);
    expect(second.producerIdStart).toBe(first.producerIdStart + first.producerIdLen);
  });

  it("moves leaderships away on controlled shutdown", async () => {
    const epochs = await addBrokers(leader.client, [101, 102, 103]);
    await createTopic(leader.client, { name: "orders", numPartitions: 6, replicationFactor: 3 });
    const response = await callUnary(
      follower.client,
      "controlledShutdown",
      { brokerId: 101, brokerEpoch: epochs.get(101) as number },
      options,
    );
    expect(response.remainingPartitions).toEqual([]);
    const topics = await callUnary(leader.client, "describeTopics", { topicNames: ["orders"] }, options);
    for (const partition of topics.topics[0]?.partitions ?? []) {
      expect(partition.leaderId).not.toBe(101);
      expect(partition.isr).not.toContain(101);
    }
    const cluster2 = await callUnary(
      leader.client,
      "describeCluster",
      { includeFencedBrokers: true },
      options,
    );
    expect(cluster2.brokers.find((broker) => broker.nodeId === 101)?.state).toBe(
      "BROKER_STATE_CONTROLLED_SHUTDOWN",
    );
  });
});

describe("topic RPCs", () => {
  beforeEach(async () => {
    await addBrokers(leader.client, [101, 102, 103]);
  });

  it("creates topics with per-topic errors for the invalid ones", async () => {
    const response = await callUnary(
      leader.client,
      "createTopics",
      {
        topics: [
          {
            name: "orders",
            numPartitions: 3,
            replicationFactor: 3,
            configs: [{ name: "retention.ms", value: "1000" }],
          },
          { name: "bad name", numPartitions: 1, replicationFactor: 1 },
          { name: "too-replicated", numPartitions: 1, replicationFactor: 4 },
          {
            name: "bad-config",
            numPartitions: 1,
            replicationFactor: 1,
            configs: [{ name: "retention.ms", value: "soon" }],
          },
          { name: "twice", numPartitions: 1, replicationFactor: 1 },
          { name: "twice", numPartitions: 1, replicationFactor: 1 },
          { name: "zero", numPartitions: 0, replicationFactor: 1 },
        ],
      },
      options,
    );
    const byName = response.topics.map((topic) => [topic.name, topic.errorCode]);
    expect(byName).toEqual([
      ["orders", 0],
      ["bad name", ErrorCodes.INVALID_TOPIC_EXCEPTION.code],
      ["too-replicated", ErrorCodes.INVALID_REPLICATION_FACTOR.code],
      ["bad-config", ErrorCodes.INVALID_CONFIG.code],
      ["twice", ErrorCodes.INVALID_REQUEST.code],
      ["twice", ErrorCodes.INVALID_REQUEST.code],
      ["zero", ErrorCodes.INVALID_PARTITIONS.code],
    ]);
    const orders = response.topics[0];
    expect(orders?.topicId).not.toBe("");
    expect([orders?.numPartitions, orders?.replicationFactor]).toEqual([3, 3]);
    const again = await createTopic(leader.client, {
      name: "orders",
      numPartitions: 1,
      replicationFactor: 1,
    });
    expect(again.topics[0]?.errorCode).toBe(ErrorCodes.TOPIC_ALREADY_EXISTS.code);
    const validated = await callUnary(
      leader.client,
      "createTopics",
      { topics: [{ name: "dry", numPartitions: 1, replicationFactor: 1 }], validateOnly: true },
      options,
    );
    expect(validated.topics[0]?.errorCode).toBe(0);
    const listed = await callUnary(leader.client, "listTopics", {}, options);
    expect(listed.topics.map((topic) => topic.name)).toEqual(["orders"]);
  });

  it("forwards writes from a follower and serves reads there", async () => {
    const created = await createTopic(follower.client, {
      name: "payments",
      numPartitions: 2,
      replicationFactor: 2,
    });
    expect(created.topics[0]?.errorCode).toBe(0);
    expect(leader.quorum.image.topicByName("payments")?.topicId).toBe(created.topics[0]?.topicId);
    const described = await callUnary(
      follower.client,
      "describeTopics",
      { topicNames: ["payments", "nope"] },
      options,
    );
    const [payments, nope] = described.topics;
    expect(payments?.partitions.map((partition) => partition.partitionIndex)).toEqual([0, 1]);
    for (const partition of payments?.partitions ?? []) {
      expect(partition.replicas).toHaveLength(2);
      expect(partition.isr).toEqual(partition.replicas);
      expect(partition.leaderId).toBe(partition.replicas[0]);
      expect(partition.offlineReplicas).toEqual([]);
    }
    expect(nope?.errorCode).toBe(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code);
  });

  it("deletes topics and grows partitions", async () => {
    await createTopic(leader.client, { name: "orders", numPartitions: 2, replicationFactor: 1 });
    const grown = await callUnary(
      follower.client,
      "createPartitions",
      {
        topics: [
          { name: "orders", count: 4 },
          { name: "orders-x", count: 2 },
        ],
      },
      options,
    );
    expect(grown.results.map((result) => result.errorCode)).toEqual([
      0,
      ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
    ]);
    const shrink = await callUnary(
      leader.client,
      "createPartitions",
      { topics: [{ name: "orders", count: 3 }] },
      options,
    );
    expect(shrink.results[0]?.errorCode).toBe(ErrorCodes.INVALID_PARTITIONS.code);
    expect(leader.quorum.image.topicByName("orders")?.partitions.size).toBe(4);
    const deleted = await callUnary(
      follower.client,
      "deleteTopics",
      { topicNames: ["orders", "missing"] },
      options,
    );
    expect(deleted.topics.map((topic) => topic.errorCode)).toEqual([
      0,
      ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
    ]);
    expect((await callUnary(leader.client, "listTopics", {}, options)).topics).toEqual([]);
  });

  it("refuses a reserved '__' name from users, and lists internal topics only when asked", async () => {
    const refused = await callUnary(
      leader.client,
      "createTopics",
      { topics: [{ name: "__consumer_offsets", numPartitions: 1, replicationFactor: 1 }] },
      options,
    );
    expect(refused.topics[0]?.errorCode).toBe(ErrorCodes.INVALID_TOPIC_EXCEPTION.code);
    expect(refused.topics[0]?.errorMessage).toContain("reserved for internal topics");
    // The cluster's own callers (the group coordinator) create it in process.
    await leader.quorum.run((image) =>
      leader.quorum.controller.createTopic(image, {
        name: "__consumer_offsets",
        numPartitions: 1,
        replicationFactor: 1,
        internal: true,
      }),
    );
    await createTopic(leader.client, { name: "orders", numPartitions: 1, replicationFactor: 1 });
    const visible = await callUnary(leader.client, "listTopics", { includeInternal: false }, options);
    expect(visible.topics.map((topic) => topic.name)).toEqual(["orders"]);
    const all = await callUnary(leader.client, "listTopics", { includeInternal: true }, options);
    expect(all.topics.map((topic) => [topic.name, topic.isInternal])).toEqual([
      ["__consumer_offsets", true],
      ["orders", false],
    ]);
  });

  it("creates a reserved '__' topic for a registered broker at its current epoch only", async () => {
    const epochs = await addBrokers(leader.client, [101]);
    const request = (brokerEpoch: number) => ({
      topics: [{ name: "__consumer_offsets", numPartitions: 1, replicationFactor: 1 }],
      internalTopicCreator: { brokerId: 101, brokerEpoch },
    });
    const stale = await callUnary(
      leader.client,
      "createTopics",
      request((epochs.get(101) as number) - 1),
      options,
    );
    expect(stale.topics[0]?.errorCode).toBe(ErrorCodes.STALE_BROKER_EPOCH.code);
    const created = await callUnary(
      leader.client,
      "createTopics",
      request(epochs.get(101) as number),
      options,
    );
    expect(created.topics[0]?.errorCode).toBe(0);
    const all = await callUnary(leader.client, "listTopics", { includeInternal: true }, options);
    expect(all.topics.map((topic) => topic.name)).toEqual(["__consumer_offsets"]);
  });
});

describe("partition RPCs", () => {
  let epochs: Map<number, number>;
  beforeEach(async () => {
    epochs = await addBrokers(leader.client, [101, 102, 103]);
    await createTopic(leader.client, {
      name: "orders",
      numPartitions: -1,
      replicationFactor: -1,
      assignments: [{ partitionIndex: 0, brokerIds: [101, 102, 103] }],
    });
  });

  it("applies an ISR change from the leader and rejects stale ones per partition", async () => {
    const topic = (await callUnary(leader.client, "describeTopics", { topicNames: ["orders"] }, options))
      .topics[0];
    const partition = topic?.partitions[0] as ControllerV1.PartitionDescription__Output;
    expect(partition.leaderId).toBe(101);
    const shrink = {
      brokerId: 101,
      brokerEpoch: epochs.get(101) as number,
      topics: [
        {
          topicId: topic?.topicId as string,
          topicName: "orders",
          partitions: [
            {
              partitionIndex: 0,
              leaderEpoch: partition.leaderEpoch,
              partitionEpoch: partition.partitionEpoch,
              newIsr: [
                { brokerId: 101, brokerEpoch: epochs.get(101) as number },
                { brokerId: 102, brokerEpoch: epochs.get(102) as number },
              ],
              leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED" as const,
            },
          ],
        },
      ],
    };
    const applied = await callUnary(follower.client, "alterPartition", shrink, options);
    const result = applied.topics[0]?.partitions[0];
    expect(result?.errorCode).toBe(0);
    expect(result?.isr).toEqual([101, 102]);
    expect(result?.partitionEpoch).toBe(partition.partitionEpoch + 1);
    // The same request again is based on an old partition epoch: rejected, with the current state.
    const stale = await callUnary(leader.client, "alterPartition", shrink, options);
    const staleResult = stale.topics[0]?.partitions[0];
    expect(staleResult?.errorCode).toBe(ErrorCodes.INVALID_UPDATE_VERSION.code);
    expect(staleResult?.partitionEpoch).toBe(partition.partitionEpoch + 1);
    expect(staleResult?.isr).toEqual([101, 102]);
    const fencedRequest = structuredClone(shrink);
    (fencedRequest.topics[0]?.partitions[0] as { leaderEpoch: number }).leaderEpoch =
      partition.leaderEpoch - 1;
    const fenced = await callUnary(leader.client, "alterPartition", fencedRequest, options);
    expect(fenced.topics[0]?.partitions[0]?.errorCode).toBe(ErrorCodes.FENCED_LEADER_EPOCH.code);
  });

  it("elects preferred leaders and refuses an unspecified election type", async () => {
    const invalid = await rejection(
      callUnary(leader.client, "electLeaders", { electionType: "ELECTION_TYPE_UNSPECIFIED" }, options),
    );
    expect(invalid.errorName).toBe("INVALID_REQUEST");
    expect(grpcCodeOf(invalid)).toBe(GrpcStatus.INVALID_ARGUMENT);
    const response = await callUnary(
      follower.client,
      "electLeaders",
      {
        electionType: "ELECTION_TYPE_PREFERRED",
        topicPartitions: [
          { topic: "orders", partitions: [] },
          { topic: "gone", partitions: [0] },
        ],
      },
      options,
    );
    expect(response.results.map((result) => [result.topic, result.partition, result.errorCode])).toEqual([
      ["orders", 0, ErrorCodes.ELECTION_NOT_NEEDED.code],
      ["gone", 0, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code],
    ]);
  });

  it("starts, lists and cancels a reassignment", async () => {
    await addBrokers(leader.client, [104]);
    const started = await callUnary(
      follower.client,
      "alterPartitionReassignments",
      {
        topics: [
          {
            name: "orders",
            partitions: [
              { partitionIndex: 0, replicas: [104, 102, 103] },
              { partitionIndex: 7, replicas: [101] },
            ],
          },
        ],
      },
      options,
    );
    expect(started.results.map((result) => result.errorCode)).toEqual([
      0,
      ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
    ]);
    const listed = await callUnary(follower.client, "listPartitionReassignments", {}, options);
    expect(listed.reassignments).toEqual([
      {
        topic: "orders",
        partitionIndex: 0,
        replicas: [104, 102, 103, 101],
        addingReplicas: [104],
        removingReplicas: [101],
      },
    ]);
    const cancelled = await callUnary(
      leader.client,
      "alterPartitionReassignments",
      { topics: [{ name: "orders", partitions: [{ partitionIndex: 0, cancel: true }] }] },
      options,
    );
    expect(cancelled.results[0]?.errorCode).toBe(0);
    expect((await callUnary(leader.client, "listPartitionReassignments", {}, options)).reassignments).toEqual(
      [],
    );
  });
});

describe("config RPCs", () => {
  beforeEach(async () => {
    await addBrokers(leader.client, [101]);
    await createTopic(leader.client, { name: "orders", numPartitions: 1, replicationFactor: 1 });
  });

  it("alters topic configs incrementally and describes them with their sources", async () => {
    const altered = await callUnary(
      follower.client,
      "alterConfigs",
      {
        resources: [
          {
            resourceType: "CONFIG_RESOURCE_TYPE_TOPIC",
            resourceName: "orders",
            configs: [
              { name: "retention.ms", op: "ALTER_CONFIG_OP_SET", value: "60000" },
              { name: "cleanup.policy", op: "ALTER_CONFIG_OP_APPEND", value: "compact" },
            ],
          },
          {
            resourceType: "CONFIG_RESOURCE_TYPE_TOPIC",
            resourceName: "orders",
            configs: [{ name: "retention.ms", op: "ALTER_CONFIG_OP_SET", value: "-5x" }],
          },
          { resourceType: "CONFIG_RESOURCE_TYPE_TOPIC", resourceName: "missing", configs: [] },
          { resourceType: "CONFIG_RESOURCE_TYPE_GROUP", resourceName: "g", configs: [] },
        ],
      },
      options,
    );
    expect(altered.results.map((result) => result.errorCode)).toEqual([
      0,
      ErrorCodes.INVALID_CONFIG.code,
      ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
      ErrorCodes.INVALID_REQUEST.code,
    ]);
    const described = await callUnary(
      follower.client,
      "describeConfigs",
      {
        resources: [
          {
            resourceType: "CONFIG_RESOURCE_TYPE_TOPIC",
            resourceName: "orders",
            configNames: ["retention.ms", "cleanup.policy", "segment.bytes"],
          },
        ],
        includeDocumentation: true,
      },
      options,
    );
    const configs = described.results[0]?.configs ?? [];
    const view = Object.fromEntries(configs.map((config) => [config.name, [config.value, config.source]]));
    expect(view["retention.ms"]).toEqual(["60000", "CONFIG_SOURCE_DYNAMIC_RESOURCE"]);
    expect(view["cleanup.policy"]).toEqual(["delete,compact", "CONFIG_SOURCE_DYNAMIC_RESOURCE"]);
    expect(view["segment.bytes"]?.[1]).toBe("CONFIG_SOURCE_DEFAULT");
    expect(configs.every((config) => config.documentation !== "")).toBe(true);
  });

  it("keeps broker and cluster-default configs", async () => {
    await callUnary(
      leader.client,
      "alterConfigs",
      {
        resources: [
          {
            resourceType: "CONFIG_RESOURCE_TYPE_BROKER",
            resourceName: "",
            configs: [{ name: "log.retention.ms", op: "ALTER_CONFIG_OP_SET", value: "1" }],
          },
          {
            resourceType: "CONFIG_RESOURCE_TYPE_BROKER",
            resourceName: "101",
            configs: [{ name: "x.y", op: "ALTER_CONFIG_OP_SET", value: "2" }],
          },
        ],
      },
      options,
    );
    const described = await callUnary(
      leader.client,
      "describeConfigs",
      { resources: [{ resourceType: "CONFIG_RESOURCE_TYPE_BROKER", resourceName: "101" }] },
      options,
    );
    expect(described.results[0]?.configs.map((config) => [config.name, config.value, config.source])).toEqual(
      [
        ["log.retention.ms", "1", "CONFIG_SOURCE_DYNAMIC_DEFAULT"],
        ["x.y", "2", "CONFIG_SOURCE_DYNAMIC_RESOURCE"],
      ],
    );
  });
});

describe("routing", () => {
  it("answers NOT_CONTROLLER without a hint when no controller is active", async () => {
    cluster.log.elect(null);
    await settle();
    const error = await rejection(
      createTopic(follower.client, { name: "orders", numPartitions: 1, replicationFactor: 1 }),
    );
    expect(error.errorName).toBe("NOT_CONTROLLER");
    expect(error.retriable).toBe(true);
    expect(grpcCodeOf(error)).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(error.details.controllerId).toBeUndefined();
  });

  it("does not forward a forwarded request again, and hints at the active controller", async () => {
    // Node 2 becomes active; node 1 still believes in nobody's leadership change only after the
    // election, so a request forwarded to node 1 must come back with a hint, not loop.
    cluster.log.elect(2);
    await settle();
    const { Metadata } = await import("@grpc/grpc-js");
    const metadata = new Metadata();
    metadata.set("rill-forwarded-by", "3");
    const error = await rejection(
      callUnary(
        leader.client,
        "createTopics",
        { topics: [{ name: "orders", numPartitions: 1, replicationFactor: 1 }] },
        {
          ...options,
          metadata,
        },
      ),
    );
    expect(error.errorName).toBe("NOT_CONTROLLER");
    expect(error.details).toMatchObject({
      controllerId: 2,
      host: "127.0.0.1",
      port: Number(follower.address.split(":")[1]),
    });
  });

  it("keeps serving after a failover: the new active controller takes writes, the old one forwards", async () => {
    await addBrokers(leader.client, [101]);
    cluster.log.elect(2);
    await settle();
    const created = await createTopic(leader.client, {
      name: "after-failover",
      numPartitions: 1,
      replicationFactor: 1,
    });
    expect(created.topics[0]?.errorCode).toBe(0);
    expect(follower.quorum.image.topicByName("after-failover")).toBeDefined();
  });
});
