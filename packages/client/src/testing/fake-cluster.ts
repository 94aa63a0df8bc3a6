import type { Server, ServerDuplexStream } from "@grpc/grpc-js";
import {
  type BrokerV1,
  bidiStreamHandler,
  bindRillServer,
  brokerServiceDefinition,
  type ControllerV1,
  controllerServiceDefinition,
  createRillServer,
  groupServiceDefinition,
  iterateRecordBatches,
  RillError,
  shutdownRillServer,
  writeMessage,
} from "@rill/protocol";
import { type FakeAction, type FakeCall, fakeCallsRecordedMax, recordedUnaryHandler } from "./fake-calls.js";
import { FakeFetchSession } from "./fake-fetch-stream.js";
import { FakeGroupCoordinator } from "./fake-group-coordinator.js";
import { fakeGroupHandlers } from "./fake-group-service.js";
import {
  appendBatches,
  checkSequences,
  type FakePartition,
  firstRecordAtOrAfter,
} from "./fake-partition-log.js";

export { type FakeAction, type FakeCall, fakeCallsRecordedMax } from "./fake-calls.js";
export type { FakePartition } from "./fake-partition-log.js";

/**
 * An in-process fake Rill cluster for tests of clients and tools: real gRPC servers on
 * 127.0.0.1 (port 0) serving the real BrokerService and ControllerService definitions, over a
 * tiny in-memory state the test controls (topics, leaders, partition logs, the active
 * controller). Every call is recorded, and `intercept` can fail, delay or swallow any call.
 * It is not a broker: no replication, no durability, just enough behaviour to check routing.
 */

export interface FakeTopic {
  name: string;
  topicId: string;
  partitions: FakePartition[];
  configs: Record<string, string>;
}

export interface FakeNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly address: string;
  running: boolean;
}

export interface FakeClusterOptions {
  /** Broker node ids (serve BrokerService). */
  readonly brokers?: readonly number[];
  /** Controller node ids (serve ControllerService); the first is active unless changed. */
  readonly controllers?: readonly number[];
  readonly clusterId?: string;
}

export class FakeCluster {
  readonly clusterId: string;
  readonly brokers = new Map<number, FakeNode>();
  readonly controllers = new Map<number, FakeNode>();
  readonly topics = new Map<string, FakeTopic>();
  readonly calls: FakeCall[] = [];
  /** The active controller's node id; -1 = election running (every controller says NOT_CONTROLLER). */
  activeControllerId = -1;
  /** Whether NOT_CONTROLLER carries a hint to the active controller. */
  controllerHints = true;
  /** Called before every call is answered. */
  intercept: (call: FakeCall) => FakeAction = () => undefined;
  /** Raft term and high watermark that DescribeCluster reports. */
  raftTerm = 1;
  #metadataOffset = 0;
  #producerIdsIssued = 0;
  #nextTopicId = 1;
  readonly #servers = new Map<number, Server>();
  /** Open FetchStreams, pumped after every change to partitions. */
  readonly fetchSessions = new Set<FakeFetchSession>();
  /** The group coordinator every broker's GroupService answers for (see coordinatorId). */
  readonly groupCoordinator = new FakeGroupCoordinator(
    (topic) => this.topics.get(topic)?.partitions.length ?? 0,
  );
  /** The broker that coordinates every group; others answer NOT_COORDINATOR. -1: none (COORDINATOR_NOT_AVAILABLE). */
  coordinatorId = -1;

  private constructor(clusterId: string) {
    this.clusterId = clusterId;
  }

  static async start(options: FakeClusterOptions = {}): Promise<FakeCluster> {
    const cluster = new FakeCluster(options.clusterId ?? "fake-cluster-id-00000");
    for (const nodeId of options.brokers ?? []) await cluster.#startNode(nodeId, "broker");
    for (const nodeId of options.controllers ?? []) await cluster.#startNode(nodeId, "controller");
    cluster.activeControllerId = options.controllers?.[0] ?? -1;
    cluster.coordinatorId = options.brokers?.[0] ?? -1;
    return cluster;
  }

  /** "host:port,..." of the brokers, or of the controllers. */
  bootstrap(kind: "broker" | "controller" = "broker"): string[] {
    const nodes = kind === "broker" ? this.brokers : this.controllers;
    return [...nodes.values()].map((node) => node.address);
  }

  /** Adds a topic whose partition i is led by leaders[i] (epoch 0), replicas = all brokers. */
  addTopic(name: string, leaders: readonly number[]): FakeTopic {
    const replicas = [...this.brokers.keys()];
    const topic: FakeTopic = {
      name,
      topicId: `topic-id-${this.#nextTopicId++}`,
      partitions: leaders.map((leaderId) => ({
        leaderId,
        leaderEpoch: 0,
        replicas: [leaderId, ...replicas.filter((id) => id !== leaderId)],
        isr: [leaderId, ...replicas.filter((id) => id !== leaderId)],
        batches: [],
        nextOffset: 0,
      })),
      configs: {},
    };
    this.topics.set(name, topic);
    this.#metadataOffset += 1;
    return topic;
  }

  /** Moves a partition's leadership (bumps the leader epoch), as a controller would. */
  moveLeader(topic: string, partition: number, leaderId: number): void {
    const state = this.#partition(topic, partition);
    if (state === undefined) throw new Error(`no partition ${topic}-${partition}`);
    state.leaderId = leaderId;
    state.leaderEpoch += 1;
    this.#metadataOffset += 1;
    this.pumpFetchStreams();
  }

  /** Lets open FetchStreams push what changed (called after produce and leader moves). */
  pumpFetchStreams(): void {
    for (const session of this.fetchSessions) session.pump();
  }

  callsTo(method: string, nodeId?: number): FakeCall[] {
    return this.calls.filter(
      (call) => call.method === method && (nodeId === undefined || call.nodeId === nodeId),
    );
  }

  /** Stops one node (its port then refuses connections). */
  async stopNode(nodeId: number): Promise<void> {
    const server = this.#servers.get(nodeId);
    if (server === undefined) return;
    this.#servers.delete(nodeId);
    const node = this.brokers.get(nodeId) ?? this.controllers.get(nodeId);
    if (node !== undefined) node.running = false;
    await shutdownRillServer(server, 100);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#servers.keys()].map((nodeId) => this.stopNode(nodeId)));
  }

  #partition(topic: string, partition: number): FakePartition | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  async #startNode(nodeId: number, kind: "broker" | "controller"): Promise<void> {
    const server = createRillServer();
    if (kind === "broker") {
      server.addService(brokerServiceDefinition(), this.#brokerHandlers(nodeId));
      server.addService(
        groupServiceDefinition(),
        fakeGroupHandlers(this, (method, answer) => this.#handler(nodeId, method, answer), nodeId),
      );
    } else server.addService(controllerServiceDefinition(), this.#controllerHandlers(nodeId));
    const port = await bindRillServer(server, "127.0.0.1:0");
    const node: FakeNode = { nodeId, host: "127.0.0.1", port, address: `127.0.0.1:${port}`, running: true };
    (kind === "broker" ? this.brokers : this.controllers).set(nodeId, node);
    this.#servers.set(nodeId, server);
  }

  /** Wraps a handler: records the call, applies the interceptor, then runs `answer`. */
  #handler<Req, Res>(nodeId: number, method: string, answer: (request: Req) => Res) {
    return recordedUnaryHandler(this, nodeId, method, answer);
  }

  #leaderHint(topic: string, partition: number) {
    const state = this.#partition(topic, partition);
    const leader = state === undefined ? undefined : this.brokers.get(state.leaderId);
    return {
      leaderId: state?.leaderId ?? -1,
      leaderEpoch: state?.leaderEpoch ?? -1,
      host: leader?.host ?? "",
      port: leader?.port ?? 0,
      topic,
      partition,
    };
  }

  /** The per-partition error a broker answers for a partition it does not lead, or 0. */
  #leadershipError(nodeId: number, topic: string, partition: number, epoch?: number): number {
    const state = this.#partition(topic, partition);
    if (state === undefined) return 3; // UNKNOWN_TOPIC_OR_PARTITION
    if (state.leaderId !== nodeId) return 6; // NOT_LEADER_OR_FOLLOWER
    if (epoch !== undefined && epoch >= 0 && epoch < state.leaderEpoch) return 74; // FENCED_LEADER_EPOCH
    if (epoch !== undefined && epoch > state.leaderEpoch) return 75; // UNKNOWN_LEADER_EPOCH
    return 0;
  }

  /** The broker's answer to a produce request (appends to the fake partition logs). */
  #produce(nodeId: number, request: BrokerV1.ProduceRequest__Output): BrokerV1.ProduceResponse {
    return {
      responses: request.topicData.map((topicData) => ({
        name: topicData.name,
        partitionResponses: topicData.partitionData.map((data) => {
          const errorCode = this.#leadershipError(nodeId, topicData.name, data.index);
          if (errorCode !== 0) {
            return {
              index: data.index,
              errorCode,
              errorMessage: `node ${nodeId} does not lead ${topicData.name}-${data.index}`,
              baseOffset: -1,
              currentLeader: errorCode === 6 ? this.#leaderHint(topicData.name, data.index) : null,
            };
          }
          const maxMessageBytes = Number(
            this.topics.get(topicData.name)?.configs["max.message.bytes"] ?? Infinity,
          );
          if (data.records.length > maxMessageBytes) {
            // As the broker's edge check: the batch is refused whole, nothing appended.
            return {
              index: data.index,
              errorCode: 10,
              errorMessage: `a batch of ${data.records.length} bytes is above max.message.bytes ${maxMessageBytes}`,
              baseOffset: -1,
            };
          }
          const state = this.#partition(topicData.name, data.index) as FakePartition;
          const sequenced = checkSequences(state, data.records);
          if (sequenced.errorCode !== 0 || sequenced.duplicateOf >= 0) {
            return {
              index: data.index,
              errorCode: sequenced.errorCode,
              errorMessage: sequenced.errorCode === 0 ? "" : "out of order sequence",
              baseOffset: sequenced.duplicateOf,
              logAppendTimeMs: -1,
              logStartOffset: 0,
              durability:
                sequenced.errorCode === 0 ? { replicasHolding: state.isr.length, fsynced: true } : null,
            };
          }
          const baseOffset = appendBatches(state, data.records);
          // Open FetchStreams push the new records, as the broker's do.
          queueMicrotask(() => this.pumpFetchStreams());
          return {
            index: data.index,
            baseOffset: request.acks === "ACKS_NONE" ? -1 : baseOffset,
            logAppendTimeMs: -1,
            logStartOffset: 0,
            durability: {
              replicasHolding: request.acks === "ACKS_ALL" ? state.isr.length : 1,
              fsynced: true,
            },
          };
        }),
      })),
    };
  }

  #brokerHandlers(nodeId: number) {
    return {
      Metadata: this.#handler(
        nodeId,
        "metadata",
        (request: BrokerV1.MetadataRequest__Output): BrokerV1.MetadataResponse => {
          const names = request.allTopics ? [...this.topics.keys()] : request.topics;
          return {
            clusterId: this.clusterId,
            controllerId: this.activeControllerId,
            metadataOffset: this.#metadataOffset,
            brokers: [...this.brokers.values()]
              .filter((node) => node.running)
              .map((node) => ({ nodeId: node.nodeId, host: node.host, port: node.port, rack: "" })),
            topics: names.map((name) => {
              const topic = this.topics.get(name);
              if (topic === undefined) {
                return { name, errorCode: 3, errorMessage: `unknown topic '${name}'`, partitions: [] };
              }
              return {
                name,
                topicId: topic.topicId,
                partitions: topic.partitions.map((partition, index) => ({
                  partitionIndex: index,
                  leaderId: partition.leaderId,
                  leaderEpoch: partition.leaderEpoch,
                  replicaNodes: partition.replicas,
                  isrNodes: partition.isr,
                  errorCode: partition.leaderId < 0 ? 5 : 0,
                })),
              };
            }),
          };
        },
      ),
      Produce: this.#handler(nodeId, "produce", (request: BrokerV1.ProduceRequest__Output) =>
        this.#produce(nodeId, request),
      ),
      ProduceStream: bidiStreamHandler(
        async (
          call: ServerDuplexStream<BrokerV1.ProduceStreamRequest__Output, BrokerV1.ProduceStreamResponse>,
          messages: AsyncIterable<BrokerV1.ProduceStreamRequest__Output>,
        ) => {
          // Each message is a "produce" call to the interceptor, as the unary RPC is.
          for await (const message of messages) {
            const request = message.request as BrokerV1.ProduceRequest__Output;
            const correlationId = message.correlationId;
            const record: FakeCall = { nodeId, method: "produce", request };
            this.calls.push(record);
            if (this.calls.length > fakeCallsRecordedMax) this.calls.shift();
            const action = this.intercept(record);
            if (action?.kind === "error") {
              await writeMessage(call, {
                correlationId,
                error: {
                  errorCode: action.error.code,
                  errorName: action.error.errorName,
                  message: action.error.message,
                  retriable: action.error.retriable,
                  metadata: {},
                },
              });
            } else if (action?.kind === "respond") {
              await writeMessage(call, {
                correlationId,
                response: action.response as BrokerV1.ProduceResponse,
              });
            } else if (action?.kind === "lose-answer") {
              this.#produce(nodeId, request);
            } else if (action?.kind === "answer-later") {
              // Appended now, in stream order; the answer waits without holding up later messages.
              const response = this.#produce(nodeId, request);
              void action.until
                .then(() => writeMessage(call, { correlationId, response }))
                .catch(() => undefined);
            } else if (action?.kind !== "hang") {
              await writeMessage(call, { correlationId, response: this.#produce(nodeId, request) });
            }
          }
        },
      ),
      Fetch: this.#handler(
        nodeId,
        "fetch",
        (request: BrokerV1.FetchRequest__Output): BrokerV1.FetchResponse => ({
          responses: request.topics.map((topic) => ({
            topic: topic.topic,
            partitions: topic.partitions.map((fetch) => {
              const errorCode = this.#leadershipError(
                nodeId,
                topic.topic,
                fetch.partition,
                fetch.currentLeaderEpoch,
              );
              if (errorCode !== 0) {
                return {
                  partitionIndex: fetch.partition,
                  errorCode,
                  errorMessage: `node ${nodeId} cannot serve ${topic.topic}-${fetch.partition}`,
                  currentLeader: this.#leaderHint(topic.topic, fetch.partition),
                };
              }
              const state = this.#partition(topic.topic, fetch.partition) as FakePartition;
              if (fetch.fetchOffset > state.nextOffset) {
                return { partitionIndex: fetch.partition, errorCode: 1, errorMessage: "offset out of range" };
              }
              const selected: Uint8Array[] = [];
              let bytes = 0;
              for (const batch of state.batches) {
                const [header] = iterateRecordBatches(batch);
                if (header === undefined || header.lastOffset < fetch.fetchOffset) continue;
                if (selected.length > 0 && bytes + batch.length > fetch.partitionMaxBytes) break;
                selected.push(batch);
                bytes += batch.length;
              }
              return {
                partitionIndex: fetch.partition,
                highWatermark: state.nextOffset,
                lastStableOffset: state.nextOffset,
                logStartOffset: 0,
                preferredReadReplica: -1,
                records: Buffer.concat(selected),
              };
            }),
          })),
        }),
      ),
      FetchStream: bidiStreamHandler(
        async (call, messages: AsyncIterable<BrokerV1.FetchStreamRequest__Output>): Promise<void> => {
          const session = new FakeFetchSession(
            nodeId,
            {
              partition: (topic, partition) => this.#partition(topic, partition),
              leadershipError: (node, topic, partition, epoch) =>
                this.#leadershipError(node, topic, partition, epoch),
              leaderHint: (topic, partition) => this.#leaderHint(topic, partition),
            },
            call,
          );
          this.fetchSessions.add(session);
          try {
            for await (const message of messages) {
              this.calls.push({ nodeId, method: "fetchStream", request: message });
              if (this.calls.length > fakeCallsRecordedMax) this.calls.shift();
              session.onMessage(message);
            }
          } finally {
            this.fetchSessions.delete(session);
          }
        },
      ),
      InitProducerId: this.#handler(
        nodeId,
        "initProducerId",
        (request: BrokerV1.InitProducerIdRequest__Output): BrokerV1.InitProducerIdResponse =>
          Number(request.producerId) >= 0
            ? { producerId: request.producerId, producerEpoch: request.producerEpoch + 1 }
            : { producerId: 1000 + this.#producerIdsIssued++, producerEpoch: 0 },
      ),
      ListOffsets: this.#handler(
        nodeId,
        "listOffsets",
        (request: BrokerV1.ListOffsetsRequest__Output): BrokerV1.ListOffsetsResponse => ({
          topics: request.topics.map((topic) => ({
            name: topic.name,
            partitions: topic.partitions.map((entry) => {
              const errorCode = this.#leadershipError(nodeId, topic.name, entry.partitionIndex);
              if (errorCode !== 0) return { partitionIndex: entry.partitionIndex, errorCode, offset: -1 };
              const state = this.#partition(topic.name, entry.partitionIndex) as FakePartition;
              if (entry.spec === "OFFSET_SPEC_TIMESTAMP") {
                const found = firstRecordAtOrAfter(state, Number(entry.timestampMs));
                return {
                  partitionIndex: entry.partitionIndex,
                  offset: found?.offset ?? -1,
                  timestampMs: found?.timestamp ?? -1,
                  leaderEpoch: found === undefined ? -1 : state.leaderEpoch,
                };
              }
              const offset = entry.spec === "OFFSET_SPEC_EARLIEST" ? 0 : state.nextOffset;
              return {
                partitionIndex: entry.partitionIndex,
                offset,
                timestampMs: -1,
                leaderEpoch: state.leaderEpoch,
              };
            }),
          })),
        }),
      ),
    };
  }

  /** Throws NOT_CONTROLLER (with a hint when enabled) unless `nodeId` is the active controller. */
  #requireActive(nodeId: number): void {
    if (nodeId === this.activeControllerId) return;
    const active = this.controllers.get(this.activeControllerId);
    const hint =
      this.controllerHints && active !== undefined
        ? {
            controllerId: active.nodeId,
            controllerEpoch: this.raftTerm,
            host: active.host,
            port: active.port,
          }
        : {};
    throw new RillError("NOT_CONTROLLER", `node ${nodeId} is not the active controller`, { details: hint });
  }

  #controllerHandlers(nodeId: number) {
    const active = <Req, Res>(method: string, answer: (request: Req) => Res) =>
      this.#handler(nodeId, method, (request: Req) => {
        this.#requireActive(nodeId);
        return answer(request);
      });
    return {
      CreateTopics: active(
        "createTopics",
        (request: ControllerV1.CreateTopicsRequest__Output): ControllerV1.CreateTopicsResponse => ({
          topics: request.topics.map((topic) => {
            if (this.topics.has(topic.name)) {
              return {
                name: topic.name,
                errorCode: 36,
                errorMessage: `topic '${topic.name}' already exists`,
              };
            }
            const brokerIds = [...this.brokers.keys()];
            if (topic.replicationFactor > Math.max(1, brokerIds.length)) {
              return {
                name: topic.name,
                errorCode: 38,
                errorMessage: "replication factor larger than the brokers",
              };
            }
            const partitions = topic.numPartitions < 0 ? 1 : topic.numPartitions;
            const leaders = Array.from(
              { length: partitions },
              (_, index) => brokerIds[index % brokerIds.length] ?? -1,
            );
            if (request.validateOnly) return { name: topic.name, numPartitions: partitions };
            const created = this.addTopic(topic.name, leaders);
            for (const config of topic.configs) created.configs[config.name] = config.value;
            return {
              name: topic.name,
              topicId: created.topicId,
              numPartitions: partitions,
              replicationFactor: topic.replicationFactor < 0 ? 1 : topic.replicationFactor,
            };
          }),
        }),
      ),
      DeleteTopics: active(
        "deleteTopics",
        (request: ControllerV1.DeleteTopicsRequest__Output): ControllerV1.DeleteTopicsResponse => ({
          topics: request.topicNames.map((name) => {
            const topic = this.topics.get(name);
            if (topic === undefined) return { name, errorCode: 3, errorMessage: `unknown topic '${name}'` };
            this.topics.delete(name);
            return { name, topicId: topic.topicId };
          }),
        }),
      ),
      ListTopics: active(
        "listTopics",
        (): ControllerV1.ListTopicsResponse => ({
          topics: [...this.topics.values()]
            .sort((left, right) => left.name.localeCompare(right.name))
            .map((topic) => ({
              name: topic.name,
              topicId: topic.topicId,
              partitionCount: topic.partitions.length,
            })),
        }),
      ),
      DescribeTopics: active(
        "describeTopics",
        (request: ControllerV1.DescribeTopicsRequest__Output): ControllerV1.DescribeTopicsResponse => ({
          topics: request.topicNames.map((name) => {
            const topic = this.topics.get(name);
            if (topic === undefined) return { name, errorCode: 3, errorMessage: `unknown topic '${name}'` };
            return {
              name,
              topicId: topic.topicId,
              partitions: topic.partitions.map((partition, index) => ({
                partitionIndex: index,
                leaderId: partition.leaderId,
                leaderEpoch: partition.leaderEpoch,
                partitionEpoch: partition.leaderEpoch,
                replicas: partition.replicas,
                isr: partition.isr,
              })),
            };
          }),
        }),
      ),
      DescribeCluster: this.#handler(
        nodeId,
        "describeCluster",
        (): ControllerV1.DescribeClusterResponse => ({
          clusterId: this.clusterId,
          activeControllerId: this.activeControllerId,
          raftTerm: this.raftTerm,
          highWatermark: this.#metadataOffset,
          controllers: [...this.controllers.values()].map((node) => ({
            nodeId: node.nodeId,
            host: node.host,
            port: node.port,
            role:
              node.nodeId === this.activeControllerId ? "CONTROLLER_ROLE_LEADER" : "CONTROLLER_ROLE_FOLLOWER",
            logEndOffset: this.#metadataOffset,
            lag: 0,
            lastFetchTimestampMs: -1,
            lastCaughtUpTimestampMs: -1,
          })),
          brokers: [...this.brokers.values()].map((node) => ({
            nodeId: node.nodeId,
            endpoints: [{ listenerName: "CLIENT", host: node.host, port: node.port }],
            brokerEpoch: 10 + node.nodeId,
            incarnationId: `incarnation-${node.nodeId}`,
            state: node.running ? "BROKER_STATE_ACTIVE" : "BROKER_STATE_FENCED",
            metadataOffset: this.#metadataOffset,
          })),
        }),
      ),
    };
  }
}
