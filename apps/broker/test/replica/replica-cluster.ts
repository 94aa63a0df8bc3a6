import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "@grpc/grpc-js";
import { MetadataImage, type MetadataRecord } from "@rill/metadata";
import {
  type BrokerV1,
  bindRillServer,
  brokerServiceDefinition,
  type ControllerV1,
  callUnary,
  createBrokerClient,
  createRillServer,
  decodeRecordBatch,
  encodeRecordBatch,
  RillError,
  replicationServiceDefinition,
  shutdownRillServer,
} from "@rill/protocol";
import { decodeNodeId, NO_NODE, type NodeId } from "@rill/protocol/ids";
import { createLogger, RillMetrics } from "@rill/runtime";
import { type ControllerChannel, ReplicaManager } from "../../src/replica/replica-manager.js";
import {
  type ReplicaManagerConfig,
  resolveReplicaManagerConfig,
} from "../../src/replica/replica-manager-config.js";

/** Settings that make replication visible within a test's time (short waits and lag). */
export const TEST_REPLICA_CONFIG: Partial<ReplicaManagerConfig> = {
  replicaLagTimeMaxMs: 1_500,
  leaderTickIntervalMs: 50,
  replicaFetchWaitMaxMs: 200,
  replicaFetchBackoffMs: 50,
  replicaFetchBackoffMaxMs: 200,
  replicaFetchResponseTimeoutMs: 3_000,
  alterPartitionRetryBackoffMs: 100,
  produceTimeoutDefaultMs: 10_000,
};

interface TestBroker {
  readonly id: NodeId;
  readonly dataDir: string;
  port: number;
  manager: ReplicaManager | undefined;
  server: Server | undefined;
  client: BrokerV1.BrokerServiceClient | undefined;
  /** While true the broker's fake controller channel refuses AlterPartition. */
  alterPartitionBlocked: boolean;
  /** While true the broker gets no new image (cut off from the controllers' metadata log). */
  metadataWithheld: boolean;
  /** How often the broker said its metadata is stale (ReplicaManagerOptions.onStaleMetadata). */
  staleMetadataReports: number;
}

/**
 * Several in-process ReplicaManagers ("brokers"), each with its own gRPC server on 127.0.0.1 and
 * its own temp data dir, fed MetadataImages that the test builds from metadata records. The fake
 * ControllerChannel applies AlterPartition to the test's image (checking leader and partition
 * epochs as the controller does) and publishes the new image to every running broker.
 */
export class ReplicaCluster {
  readonly brokers = new Map<NodeId, TestBroker>();
  readonly root: string;
  readonly config: ReplicaManagerConfig;
  image: MetadataImage = MetadataImage.EMPTY;
  #offset = 0;
  #nextProducerId = 1000;
  #topicIds = 0;

  private constructor(root: string, config: ReplicaManagerConfig) {
    this.root = root;
    this.config = config;
  }

  static async start(options: {
    brokerIds: readonly NodeId[];
    config?: Partial<ReplicaManagerConfig>;
  }): Promise<ReplicaCluster> {
    const root = await mkdtemp(join(tmpdir(), "rill-replica-"));
    const cluster = new ReplicaCluster(
      root,
      resolveReplicaManagerConfig({ ...TEST_REPLICA_CONFIG, ...options.config }),
    );
    for (const id of options.brokerIds) {
      cluster.brokers.set(id, {
        id,
        dataDir: join(root, `broker-${id}`),
        port: 0,
        manager: undefined,
        server: undefined,
        client: undefined,
        alterPartitionBlocked: false,
        metadataWithheld: false,
        staleMetadataReports: 0,
      });
    }
    for (const id of options.brokerIds) await cluster.startBroker(id);
    cluster.apply(
      options.brokerIds.map((id) => ({
        type: "RegisterBroker",
        brokerId: id,
        incarnationId: `incarnation-${id}`,
        brokerEpoch: 1,
        endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: cluster.broker(id).port }],
        rack: null,
        fenced: false,
        inControlledShutdown: false,
        registeredOffset: 0,
      })),
    );
    return cluster;
  }

  broker(id: NodeId): TestBroker {
    const broker = this.brokers.get(id);
    if (broker === undefined) throw new Error(`no broker ${id}`);
    return broker;
  }

  manager(id: NodeId): ReplicaManager {
    const manager = this.broker(id).manager;
    if (manager === undefined) throw new Error(`broker ${id} is stopped`);
    return manager;
  }

  client(id: NodeId): BrokerV1.BrokerServiceClient {
    const client = this.broker(id).client;
    if (client === undefined) throw new Error(`broker ${id} is stopped`);
    return client;
  }

  /** Starts (or restarts, on the same port and data dir) a broker and hands it the current image. */
  async startBroker(id: NodeId): Promise<void> {
    const broker = this.broker(id);
    const manager = await ReplicaManager.open({
      brokerId: id,
      dataDir: broker.dataDir,
      controller: this.#controllerChannel(broker),
      logger: createLogger({
        name: "broker",
        level: process.env.RILL_TEST_LOG === "1" ? "debug" : "silent",
        base: { nodeId: id },
      }),
      metrics: new RillMetrics({ collectDefault: false }),
      config: this.config,
      onStaleMetadata: () => {
        broker.staleMetadataReports += 1;
      },
    });
    const server = createRillServer();
    server.addService(brokerServiceDefinition(), {
      ...manager.brokerHandlersFor("CLIENT"),
      Metadata: (_call: unknown, callback: (error: Error) => void) =>
        callback(new Error("not served in tests")),
    });
    server.addService(replicationServiceDefinition(), { ...manager.replicationHandlers });
    broker.port = await bindRillServer(server, `127.0.0.1:${broker.port}`);
    broker.manager = manager;
    broker.server = server;
    // A private subchannel, so a restarted broker is not reached through one in reconnect backoff.
    broker.client = createBrokerClient(`127.0.0.1:${broker.port}`, {
      extra: { "grpc.use_local_subchannel_pool": 1 },
    });
    if (this.image !== MetadataImage.EMPTY) manager.applyMetadata(this.image);
  }

  /** Stops a broker: closes its client, server and replica manager (clean shutdown). */
  async stopBroker(id: NodeId): Promise<void> {
    const broker = this.broker(id);
    broker.client?.close();
    broker.client = undefined;
    if (broker.server !== undefined) await shutdownRillServer(broker.server, 100);
    broker.server = undefined;
    const manager = broker.manager;
    broker.manager = undefined;
    await manager?.close();
  }

  async close(): Promise<void> {
    for (const id of this.brokers.keys()) await this.stopBroker(id).catch(() => undefined);
    await rm(this.root, { recursive: true, force: true });
  }

  /** Appends records to the metadata "log" and hands the new image to every running broker. */
  apply(records: readonly MetadataRecord[]): void {
    this.#offset += 1;
    this.image = this.image.apply(records, this.#offset);
    for (const broker of this.brokers.values()) {
      if (!broker.metadataWithheld) broker.manager?.applyMetadata(this.image);
    }
  }

  /** Creates a topic whose partitions have the given replicas; the first replica leads. */
  createTopic(
    name: string,
    replicasByPartition: readonly (readonly NodeId[])[],
    configs: Readonly<Record<string, string>> = {},
  ): string {
    this.#topicIds += 1;
    const topicId = `00000000-0000-4000-8000-${String(this.#topicIds).padStart(12, "0")}`;
    this.apply([
      { type: "Topic", name, topicId },
      ...Object.entries(configs).map(
        ([key, value]): MetadataRecord => ({ type: "Config", resource: { type: "topic", name }, key, value }),
      ),
      ...replicasByPartition.map(
        (replicas, partition): MetadataRecord => ({
          type: "Partition",
          topicId,
          partition,
          replicas,
          isr: replicas,
          leader: replicas[0] ?? NO_NODE,
          leaderEpoch: 0,
          partitionEpoch: 0,
          addingReplicas: [],
          removingReplicas: [],
        }),
      ),
    ]);
    return topicId;
  }

  deleteTopic(name: string): void {
    const topicId = this.image.topicIdsByName.get(name);
    if (topicId === undefined) throw new Error(`no topic ${name}`);
    this.apply([{ type: "RemoveTopic", topicId }]);
  }

  partition(topic: string, partition: number) {
    const registration = this.image.topicByName(topic)?.partitions.get(partition);
    if (registration === undefined) throw new Error(`no partition ${topic}-${partition}`);
    return registration;
  }

  /** A leader election (new leader epoch), optionally with a new ISR. */
  electLeader(topic: string, partition: number, leader: NodeId, isr?: readonly NodeId[]): void {
    const topicId = this.image.topicIdsByName.get(topic) as string;
    this.apply([
      { type: "PartitionChange", topicId, partition, leader, ...(isr === undefined ? {} : { isr }) },
    ]);
  }

  setTopicConfig(topic: string, key: string, value: string): void {
    this.apply([{ type: "Config", resource: { type: "topic", name: topic }, key, value }]);
  }

  #controllerChannel(broker: TestBroker): ControllerChannel {
    return {
      brokerEpoch: () => 1n,
      allocateProducerIds: async () => {
        const first = this.#nextProducerId;
        this.#nextProducerId += 10;
        return { firstProducerId: BigInt(first), count: 10 };
      },
      alterPartition: async (request: ControllerV1.AlterPartitionRequest) => {
        const topics = (request.topics ?? []).map((topic) => ({
          topicId: topic.topicId ?? "",
          topicName: topic.topicName ?? "",
          partitions: (topic.partitions ?? []).map((change) => {
            const partitionIndex = change.partitionIndex ?? 0;
            const current = this.image.partition(topic.topicId ?? "", partitionIndex);
            const refuse = (name: "FENCED_LEADER_EPOCH" | "INVALID_UPDATE_VERSION" | "NOT_CONTROLLER") => {
              const error = new RillError(name);
              return {
                partitionIndex,
                errorCode: error.code,
                errorMessage: error.message,
                leaderId: current?.leader ?? NO_NODE,
                leaderEpoch: current?.leaderEpoch ?? -1,
                isr: [...(current?.isr ?? [])],
                partitionEpoch: current?.partitionEpoch ?? -1,
                leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED" as const,
              };
            };
            if (broker.alterPartitionBlocked) return refuse("NOT_CONTROLLER");
            if (
              current === undefined ||
              current.leader !== request.brokerId ||
              current.leaderEpoch !== change.leaderEpoch
            ) {
              return refuse("FENCED_LEADER_EPOCH");
            }
            if (current.partitionEpoch !== change.partitionEpoch) return refuse("INVALID_UPDATE_VERSION");
            const isr = (change.newIsr ?? []).map((member) => decodeNodeId("isr", member.brokerId ?? -1));
            this.apply([
              { type: "PartitionChange", topicId: topic.topicId ?? "", partition: partitionIndex, isr },
            ]);
            const updated = this.image.partition(topic.topicId ?? "", partitionIndex);
            return {
              partitionIndex,
              errorCode: 0,
              errorMessage: "",
              leaderId: updated?.leader ?? NO_NODE,
              leaderEpoch: updated?.leaderEpoch ?? -1,
              isr: [...(updated?.isr ?? [])],
              partitionEpoch: updated?.partitionEpoch ?? -1,
              leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED" as const,
            };
          }),
        }));
        return { topics };
      },
    };
  }
}

// ---- client helpers -------------------------------------------------------------------------------

export const ACKS = { 0: "ACKS_NONE", 1: "ACKS_LEADER", all: "ACKS_ALL" } as const;

/** One batch of `count` records whose values are `${prefix}-${i}`. */
export function batchOf(
  prefix: string,
  count: number,
  producer?: { producerId: number; producerEpoch: number; baseSequence: number },
): Buffer {
  const records = Array.from({ length: count }, (_, index) => ({
    key: null,
    value: Buffer.from(`${prefix}-${index}`),
    timestamp: 1_700_000_000_000 + index,
  }));
  return Buffer.from(encodeRecordBatch({ records, ...producer }));
}

export async function produce(
  client: BrokerV1.BrokerServiceClient,
  input: {
    topic: string;
    partition: number;
    records: Buffer;
    acks: keyof typeof ACKS | "ACKS_UNSPECIFIED";
    timeoutMs?: number;
  },
): Promise<BrokerV1.ProducePartitionResponse__Output> {
  const response = await callUnary(
    client,
    "Produce",
    {
      acks: input.acks === "ACKS_UNSPECIFIED" ? "ACKS_UNSPECIFIED" : ACKS[input.acks],
      timeoutMs: input.timeoutMs ?? 10_000,
      topicData: [{ name: input.topic, partitionData: [{ index: input.partition, records: input.records }] }],
    },
    { timeoutMs: (input.timeoutMs ?? 10_000) + 10_000 },
  );
  const partition = response.responses[0]?.partitionResponses[0];
  if (partition === undefined) throw new Error("produce answer without the partition");
  return partition;
}

export async function fetch(
  client: BrokerV1.BrokerServiceClient,
  input: {
    topic: string;
    partition: number;
    offset: number;
    maxWaitMs?: number;
    minBytes?: number;
    leaderEpoch?: number;
  },
): Promise<BrokerV1.FetchPartitionData__Output> {
  const response = await callUnary(
    client,
    "Fetch",
    {
      maxWaitMs: input.maxWaitMs ?? 0,
      minBytes: input.minBytes ?? 0,
      maxBytes: 4 * 1024 * 1024,
      topics: [
        {
          topic: input.topic,
          partitions: [
            {
              partition: input.partition,
              currentLeaderEpoch: input.leaderEpoch ?? -1,
              fetchOffset: input.offset,
              partitionMaxBytes: 1024 * 1024,
            },
          ],
        },
      ],
    },
    { timeoutMs: (input.maxWaitMs ?? 0) + 10_000 },
  );
  const partition = response.responses[0]?.partitions[0];
  if (partition === undefined) throw new Error("fetch answer without the partition");
  return partition;
}

/** The record values in fetched batch bytes, with their offsets. */
export function valuesOf(bytes: Buffer): { offset: number; value: string }[] {
  const result: { offset: number; value: string }[] = [];
  let position = 0;
  while (position < bytes.length) {
    const batch = decodeRecordBatch(bytes.subarray(position));
    for (const record of batch.records) {
      result.push({ offset: record.offset, value: Buffer.from(record.value ?? new Uint8Array()).toString() });
    }
    position += batch.sizeInBytes;
  }
  return result;
}
