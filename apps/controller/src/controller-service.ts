/**
 * ControllerService's gRPC handlers over the QuorumController (proto/rill/controller/v1).
 *
 * Routing ("any controller answers"):
 * - Writes (every RPC that may append records) run on the active controller. A follower forwards
 *   them to the active controller it knows and relays the answer (errors included, with their
 *   details); when it knows none, or the request was already forwarded once, it answers
 *   NOT_CONTROLLER (retriable) with a ControllerHint when it has one. A write that the local
 *   QuorumController refuses with NOT_CONTROLLER (leadership moved; nothing was committed) is
 *   forwarded to the new leader once.
 * - Reads (ListTopics, DescribeTopics, DescribeConfigs, ListPartitionReassignments) are answered
 *   from this controller's committed image after a Raft read barrier (ReadIndex), so they are
 *   linearizable on followers too. DescribeCluster answers from local state (its contract says
 *   "as seen by the answering controller").
 * - FetchMetadata is served by every controller (metadata-stream.ts).
 *
 * Errors: a failure of the whole request is a RillError sent as a gRPC status with details
 * (`unaryHandler` → `toGrpcStatus`); a failure of one item of a batch request goes in that
 * item's error_code/error_message. A write whose commit was not seen in time is indeterminate
 * (REQUEST_TIMED_OUT / INDETERMINATE), never "failed".
 */
import type {
  ConfigChange,
  ControllerResult,
  MetadataImage,
  QuorumController,
  TopicPartition,
} from "@rill/metadata";
import { checkBrokerEpoch, TOPIC_CONFIGS } from "@rill/metadata";
import {
  type ControllerV1,
  type HandlerLogger,
  isRillError,
  RillError,
  remainingMs,
  serverStreamHandler,
  unaryHandler,
} from "@rill/protocol";
import { withTimeout } from "@rill/protocol/time";
import {
  brokersView,
  configResourceOf,
  describeConfigsView,
  describeTopicView,
  itemError,
  listTopicsView,
  reassignmentsView,
} from "./admin-views.js";
import type { Voter } from "./config.js";
import {
  type MetadataStreamHooks,
  type MetadataStreamSource,
  serveMetadataStream,
} from "./metadata-stream.js";

/** The request header that marks a request a follower forwarded (never forwarded again). */
export const FORWARDED_BY_HEADER = "rill-forwarded-by";

/** The ControllerService methods a follower forwards to the active controller. */
export type ForwardedMethod =
  | "registerBroker"
  | "brokerHeartbeat"
  | "createTopics"
  | "deleteTopics"
  | "createPartitions"
  | "alterPartition"
  | "electLeaders"
  | "allocateProducerIds"
  | "controlledShutdown"
  | "alterConfigs"
  | "alterPartitionReassignments"
  | "removeVoter"
  | "addVoter";

/** Sends a write to the active controller `leaderId` and resolves with its answer. */
export type ForwardWrite = (
  method: ForwardedMethod,
  request: unknown,
  leaderId: number,
  timeoutMs: number,
) => Promise<unknown>;

/** What the handlers need from the controller process (or from a test). */
export interface ControllerServiceContext {
  readonly nodeId: number;
  readonly clusterId: string;
  readonly quorum: QuorumController;
  /** The quorum's members with their addresses (read at each use: the membership changes). */
  readonly voters: readonly Voter[];
  /** The committed offset (Raft commit index) this controller knows. */
  highWatermark(): number;
  /** Resolves once the committed image holds every write committed before the call (ReadIndex). */
  readBarrier(): Promise<void>;
  /** The quorum's members as this controller sees them. */
  describeControllers(): Promise<ControllerV1.ControllerDescription[]>;
  /**
   * Removes a voter from the Raft membership (this controller must lead); resolves with the
   * change's log index once committed. Refusals are typed (see RaftNode.proposeConfigChange).
   */
  removeVoter(voterId: number): Promise<{ readonly index: number }>;
  /**
   * Adds a running observer controller as a voter (this controller must lead); resolves with the
   * promotion's log index once committed (see voter-addition.ts).
   */
  addVoter(voterId: number, address: string): Promise<{ readonly index: number }>;
  readonly forward: ForwardWrite;
  readonly metadataSource: MetadataStreamSource;
  /** Bound on a forwarded call or a commit wait when the request carries no deadline/timeout. */
  readonly requestTimeoutMs: number;
  readonly logger?: HandlerLogger;
  readonly streamHooks?: MetadataStreamHooks;
}

type Handlers = ControllerV1.ControllerServiceHandlers;

export class ControllerService {
  /** Aborted by `close()`: every metadata stream ends (the client reconnects elsewhere). */
  private readonly stopStreams = new AbortController();
  private streams = 0;

  constructor(private readonly context: ControllerServiceContext) {}

  close(): void {
    this.stopStreams.abort();
  }

  /** FetchMetadata streams open now. */
  get openStreams(): number {
    return this.streams;
  }

  /** The handlers to add to a gRPC server with `controllerServiceDefinition()`. */
  handlers(): Handlers {
    const options = this.context.logger === undefined ? {} : { logger: this.context.logger };
    return {
      RegisterBroker: this.write("registerBroker", (request) => this.registerBroker(request)),
      BrokerHeartbeat: this.write("brokerHeartbeat", (request) => this.brokerHeartbeat(request)),
      CreateTopics: this.write("createTopics", (request) => this.createTopics(request)),
      DeleteTopics: this.write("deleteTopics", (request) => this.deleteTopics(request)),
      CreatePartitions: this.write("createPartitions", (request) => this.createPartitions(request)),
      AlterPartition: this.write("alterPartition", (request) => this.alterPartition(request)),
      ElectLeaders: this.write("electLeaders", (request) => this.electLeaders(request)),
      AllocateProducerIds: this.write("allocateProducerIds", (request) => this.allocateProducerIds(request)),
      ControlledShutdown: this.write("controlledShutdown", (request) => this.controlledShutdown(request)),
      AlterConfigs: this.write("alterConfigs", (request) => this.alterConfigs(request)),
      AlterPartitionReassignments: this.write("alterPartitionReassignments", (request) =>
        this.alterPartitionReassignments(request),
      ),
      RemoveVoter: this.write("removeVoter", (request) => this.removeVoter(request)),
      AddVoter: this.write("addVoter", (request) => this.addVoter(request)),
      ListTopics: this.read((image, request: ControllerV1.ListTopicsRequest__Output) => ({
        topics: listTopicsView(image, request.includeInternal),
      })),
      DescribeTopics: this.read((image, request: ControllerV1.DescribeTopicsRequest__Output) => ({
        topics: request.topicNames.map((name) => describeTopicView(image, name)),
      })),
      DescribeConfigs: this.read((image, request: ControllerV1.DescribeConfigsRequest__Output) => ({
        results: request.resources.map((resource) =>
          describeConfigsView(image, resource, {
            includeSynonyms: request.includeSynonyms,
            includeDocumentation: request.includeDocumentation,
          }),
        ),
      })),
      ListPartitionReassignments: this.read(
        (image, request: ControllerV1.ListPartitionReassignmentsRequest__Output) => ({
          reassignments: reassignmentsView(image, request.topicPartitions),
        }),
      ),
      DescribeCluster: unaryHandler(
        (request: ControllerV1.DescribeClusterRequest__Output) => this.describeCluster(request),
        options,
      ),
      FetchMetadata: serverStreamHandler(async (call) => {
        this.streams++;
        try {
          await serveMetadataStream(
            call,
            this.context.metadataSource,
            this.stopStreams.signal,
            this.context.streamHooks,
          );
        } finally {
          this.streams--;
        }
      }, options),
    };
  }

  // ---- routing ----

  private handlerOptions(): { logger?: HandlerLogger } {
    return this.context.logger === undefined ? {} : { logger: this.context.logger };
  }

  private activeControllerHint(): Record<string, unknown> {
    const { leaderId, term } = this.context.quorum.leaderAndTerm;
    if (leaderId === null) return {};
    const voter = this.context.voters.find((entry) => entry.nodeId === leaderId);
    return {
      controllerId: leaderId,
      controllerEpoch: term,
      ...(voter === undefined ? {} : { host: voter.host, port: voter.port }),
    };
  }

  private notController(message?: string): RillError {
    return new RillError(
      "NOT_CONTROLLER",
      message ?? `Controller ${this.context.nodeId} is not the active controller`,
      { details: this.activeControllerHint() },
    );
  }

  /** A write: run here on the active controller, otherwise forward to it (see the module comment). */
  private write<Request, Response>(
    method: ForwardedMethod,
    local: (request: Request) => Promise<Response>,
  ): ReturnType<typeof unaryHandler<Request, Response>> {
    return unaryHandler<Request, Response>(async (request, call) => {
      const forwarded = call.metadata.get(FORWARDED_BY_HEADER).length > 0;
      if (this.context.quorum.leaderAndTerm.leaderId === this.context.nodeId) {
        try {
          return await local(request);
        } catch (error) {
          // Refused before anything committed: the new leader (if known) can do it.
          if (!isRillError(error, "NOT_CONTROLLER")) throw error;
          if (forwarded || !this.canForward()) throw this.notController(error.message);
        }
      }
      if (forwarded || !this.canForward()) throw this.notController();
      const leaderId = this.context.quorum.leaderAndTerm.leaderId as number;
      return (await this.context.forward(
        method,
        request,
        leaderId,
        remainingMs(call, this.context.requestTimeoutMs),
      )) as Response;
    }, this.handlerOptions());
  }

  private canForward(): boolean {
    const { leaderId } = this.context.quorum.leaderAndTerm;
    return leaderId !== null && leaderId !== this.context.nodeId;
  }

  /** A read from the committed image after the read barrier. */
  private read<Request, Response>(
    answer: (image: MetadataImage, request: Request) => Response,
  ): ReturnType<typeof unaryHandler<Request, Response>> {
    return unaryHandler<Request, Response>(async (request) => {
      try {
        await this.context.readBarrier();
      } catch (error) {
        if (isRillError(error, "NOT_CONTROLLER")) throw this.notController(error.message);
        throw error;
      }
      return answer(this.context.quorum.image, request);
    }, this.handlerOptions());
  }

  /** Runs one operation on the quorum with a bound on the commit wait. */
  private run<Response>(
    operation: (image: MetadataImage, nowMs: number) => ControllerResult<Response>,
    timeoutMs: number,
  ): Promise<Response> {
    return withTimeout(
      this.context.quorum.run(operation),
      timeoutMs,
      `Not committed within ${timeoutMs} ms; the operation may still take effect`,
    );
  }

  private timeoutOf(requestTimeoutMs: number): number {
    return requestTimeoutMs > 0 ? requestTimeoutMs : this.context.requestTimeoutMs;
  }

  /**
   * Runs one operation per item (pipelined: all are proposed before the first commits) and
   * collects per-item outcomes. When every item was refused with NOT_CONTROLLER, the whole
   * request is (so that the caller or the router redirects it).
   */
  private async perItem<Item, Result>(
    items: readonly Item[],
    operation: (item: Item) => Promise<Result>,
    failed: (item: Item, error: { errorCode: number; errorMessage: string }) => Result,
  ): Promise<Result[]> {
    const outcomes = await Promise.allSettled(items.map((item) => operation(item)));
    const refusals = outcomes.filter(
      (outcome) => outcome.status === "rejected" && isRillError(outcome.reason, "NOT_CONTROLLER"),
    );
    if (items.length > 0 && refusals.length === items.length) {
      throw (refusals[0] as PromiseRejectedResult).reason;
    }
    return outcomes.map((outcome, position) =>
      outcome.status === "fulfilled"
        ? outcome.value
        : failed(items[position] as Item, itemError(outcome.reason)),
    );
  }

  // ---- broker lifecycle ----

  private async registerBroker(
    request: ControllerV1.RegisterBrokerRequest__Output,
  ): Promise<ControllerV1.RegisterBrokerResponse> {
    if (request.clusterId !== this.context.clusterId) {
      throw new RillError(
        "INCONSISTENT_CLUSTER_ID",
        `Broker ${request.nodeId} belongs to cluster '${request.clusterId}', this quorum to '${this.context.clusterId}'`,
      );
    }
    const controller = this.context.quorum.controller;
    const response = await this.run(
      (image, nowMs) =>
        controller.registerBroker(
          image,
          {
            brokerId: request.nodeId,
            incarnationId: request.incarnationId,
            endpoints: request.endpoints.map((endpoint) => ({
              name: endpoint.listenerName,
              host: endpoint.host,
              port: endpoint.port,
            })),
            rack: request.rack === "" ? null : request.rack,
          },
          nowMs,
        ),
      this.context.requestTimeoutMs,
    );
    return { brokerEpoch: response.brokerEpoch };
  }

  private brokerHeartbeat(
    request: ControllerV1.BrokerHeartbeatRequest__Output,
  ): Promise<ControllerV1.BrokerHeartbeatResponse> {
    const controller = this.context.quorum.controller;
    return this.run(
      (image, nowMs) =>
        controller.brokerHeartbeat(
          image,
          {
            brokerId: request.nodeId,
            brokerEpoch: request.brokerEpoch,
            currentMetadataOffset: request.currentMetadataOffset,
            wantShutDown: request.wantShutDown,
          },
          nowMs,
        ),
      this.context.requestTimeoutMs,
    );
  }

  private async controlledShutdown(
    request: ControllerV1.ControlledShutdownRequest__Output,
  ): Promise<ControllerV1.ControlledShutdownResponse> {
    const controller = this.context.quorum.controller;
    await this.run(
      (image, nowMs) =>
        controller.brokerHeartbeat(
          image,
          {
            brokerId: request.brokerId,
            brokerEpoch: request.brokerEpoch,
            currentMetadataOffset: -1,
            wantShutDown: true,
          },
          nowMs,
        ),
      this.context.requestTimeoutMs,
    );
    const remaining: { topic: string; partition: number }[] = [];
    for (const topic of this.context.quorum.image.topicsById.values()) {
      for (const [partition, registration] of topic.partitions) {
        if (registration.leader === request.brokerId) remaining.push({ topic: topic.name, partition });
      }
    }
    return { remainingPartitions: remaining };
  }

  private async allocateProducerIds(
    request: ControllerV1.AllocateProducerIdsRequest__Output,
  ): Promise<ControllerV1.AllocateProducerIdsResponse> {
    const controller = this.context.quorum.controller;
    const block = await this.run(
      (image) =>
        controller.allocateProducerIds(image, {
          brokerId: request.brokerId,
          brokerEpoch: request.brokerEpoch,
        }),
      this.context.requestTimeoutMs,
    );
    return { producerIdStart: block.firstProducerId, producerIdLen: block.size };
  }

  // ---- topics ----

  private async createTopics(
    request: ControllerV1.CreateTopicsRequest__Output,
  ): Promise<ControllerV1.CreateTopicsResponse> {
    const controller = this.context.quorum.controller;
    const timeoutMs = this.timeoutOf(request.timeoutMs);
    const counts = new Map<string, number>();
    for (const topic of request.topics) counts.set(topic.name, (counts.get(topic.name) ?? 0) + 1);
    const topics = await this.perItem(
      request.topics,
      async (topic): Promise<ControllerV1.CreatableTopicResult> => {
        if ((counts.get(topic.name) ?? 0) > 1) {
          throw new RillError("INVALID_REQUEST", `Topic ${topic.name} appears more than once in the request`);
        }
        const configs: Record<string, string> = {};
        for (const entry of topic.configs) {
          if (Object.hasOwn(configs, entry.name)) {
            throw new RillError("INVALID_CONFIG", `Config ${entry.name} appears more than once`);
          }
          configs[entry.name] = entry.value;
        }
        const assignments = assignmentsOf(topic.assignments, 0);
        const creator = request.internalTopicCreator;
        const response = await this.run((image) => {
          // Reserved names only from a registered broker (the group coordinator creating
          // __consumer_offsets), never from a user request.
          if (creator !== null) checkBrokerEpoch(image, creator.brokerId, creator.brokerEpoch);
          return controller.createTopic(image, {
            name: topic.name,
            numPartitions: topic.numPartitions,
            replicationFactor: topic.replicationFactor,
            configs,
            ...(assignments === undefined ? {} : { assignments }),
            validateOnly: request.validateOnly,
            ...(creator === null ? {} : { internal: true }),
          });
        }, timeoutMs);
        return {
          name: topic.name,
          topicId: response.topicId,
          errorCode: 0,
          errorMessage: "",
          numPartitions: response.numPartitions,
          replicationFactor: response.replicationFactor,
        };
      },
      (topic, error) => ({
        name: topic.name,
        topicId: "",
        ...error,
        numPartitions: -1,
        replicationFactor: -1,
      }),
    );
    return { topics };
  }

  private async deleteTopics(
    request: ControllerV1.DeleteTopicsRequest__Output,
  ): Promise<ControllerV1.DeleteTopicsResponse> {
    const controller = this.context.quorum.controller;
    const timeoutMs = this.timeoutOf(request.timeoutMs);
    const topics = await this.perItem(
      [...new Set(request.topicNames)],
      async (name): Promise<ControllerV1.DeletableTopicResult> => {
        const response = await this.run((image) => controller.deleteTopic(image, name), timeoutMs);
        return { name, topicId: response.topicId, errorCode: 0, errorMessage: "" };
      },
      (name, error) => ({ name, topicId: "", ...error }),
    );
    return { topics };
  }

  private async createPartitions(
    request: ControllerV1.CreatePartitionsRequest__Output,
  ): Promise<ControllerV1.CreatePartitionsResponse> {
    const controller = this.context.quorum.controller;
    const timeoutMs = this.timeoutOf(request.timeoutMs);
    const results = await this.perItem(
      request.topics,
      async (topic): Promise<ControllerV1.CreatePartitionsTopicResult> => {
        const current = this.context.quorum.latestImage.topicByName(topic.name)?.partitions.size ?? 0;
        const assignments = assignmentsOf(topic.assignments, current);
        await this.run((image) => {
          const result = controller.createPartitions(image, {
            name: topic.name,
            totalCount: topic.count,
            ...(assignments === undefined ? {} : { assignments }),
          });
          return request.validateOnly ? { records: [], response: result.response } : result;
        }, timeoutMs);
        return { name: topic.name, errorCode: 0, errorMessage: "" };
      },
      (topic, error) => ({ name: topic.name, ...error }),
    );
    return { results };
  }

  // ---- partitions ----

  private async alterPartition(
    request: ControllerV1.AlterPartitionRequest__Output,
  ): Promise<ControllerV1.AlterPartitionResponse> {
    const controller = this.context.quorum.controller;
    // One list over every topic, so that "all refused with NOT_CONTROLLER" (then the whole
    // request is redirected) is decided for the request as a whole.
    const items = request.topics.flatMap((topic) =>
      topic.partitions.map((partition) => ({ topic, partition })),
    );
    const results = await this.perItem(
      items,
      async ({ topic, partition }): Promise<ControllerV1.AlterPartitionPartitionResult> => {
        const topicId = topic.topicId !== "" ? topic.topicId : this.topicIdByName(topic.topicName);
        const state = await this.run(
          (image) =>
            controller.alterPartition(image, {
              brokerId: request.brokerId,
              brokerEpoch: request.brokerEpoch,
              topicId,
              partition: partition.partitionIndex,
              leaderEpoch: partition.leaderEpoch,
              partitionEpoch: partition.partitionEpoch,
              newIsr: partition.newIsr.map((member) => member.brokerId),
            }),
          this.context.requestTimeoutMs,
        );
        return {
          partitionIndex: partition.partitionIndex,
          errorCode: 0,
          errorMessage: "",
          leaderId: state.leader,
          leaderEpoch: state.leaderEpoch,
          isr: [...state.isr],
          partitionEpoch: state.partitionEpoch,
          leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
        };
      },
      ({ topic, partition }, error): ControllerV1.AlterPartitionPartitionResult => {
        // The current state, so that the leader can refresh its view without another round trip.
        const image = this.context.quorum.image;
        const topicId = topic.topicId !== "" ? topic.topicId : image.topicIdsByName.get(topic.topicName);
        const current =
          topicId === undefined ? undefined : image.partition(topicId, partition.partitionIndex);
        return {
          partitionIndex: partition.partitionIndex,
          ...error,
          leaderId: current?.leader ?? -1,
          leaderEpoch: current?.leaderEpoch ?? -1,
          isr: current === undefined ? [] : [...current.isr],
          partitionEpoch: current?.partitionEpoch ?? -1,
          leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
        };
      },
    );
    let position = 0;
    const topics = request.topics.map((topic): ControllerV1.AlterPartitionTopicResult => {
      const partitions = results.slice(position, position + topic.partitions.length);
      position += topic.partitions.length;
      return { topicId: topic.topicId, topicName: topic.topicName, partitions };
    });
    return { topics };
  }

  private topicIdByName(name: string): string {
    const topicId = this.context.quorum.latestImage.topicIdsByName.get(name);
    if (topicId === undefined) throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `Unknown topic ${name}`);
    return topicId;
  }

  private async electLeaders(
    request: ControllerV1.ElectLeadersRequest__Output,
  ): Promise<ControllerV1.ElectLeadersResponse> {
    let kind: "preferred" | "unclean";
    if (request.electionType === "ELECTION_TYPE_PREFERRED") kind = "preferred";
    else if (request.electionType === "ELECTION_TYPE_UNCLEAN") kind = "unclean";
    else throw new RillError("INVALID_REQUEST", "election_type must be PREFERRED or UNCLEAN");
    const controller = this.context.quorum.controller;
    const results = await this.run((image) => {
      const partitions =
        request.topicPartitions.length === 0 ? undefined : expandPartitions(image, request.topicPartitions);
      return controller.electLeaders(image, kind, partitions);
    }, this.timeoutOf(request.timeoutMs));
    return {
      results: results.map((result) => ({
        topic: result.topic,
        partition: result.partition,
        errorCode: result.error?.code ?? 0,
        errorMessage: result.error?.message ?? "",
      })),
    };
  }

  private async alterPartitionReassignments(
    request: ControllerV1.AlterPartitionReassignmentsRequest__Output,
  ): Promise<ControllerV1.AlterPartitionReassignmentsResponse> {
    const controller = this.context.quorum.controller;
    const timeoutMs = this.timeoutOf(request.timeoutMs);
    const items = request.topics.flatMap((topic) =>
      topic.partitions.map((partition) => ({ topic: topic.name, partition })),
    );
    const results = await this.perItem(
      items,
      async ({ topic, partition }): Promise<ControllerV1.ReassignablePartitionResult> => {
        await this.run(
          (image) =>
            controller.alterPartitionReassignment(image, {
              topic,
              partition: partition.partitionIndex,
              targetReplicas: partition.cancel ? null : partition.replicas,
              throttleBytesPerSecond: request.throttleBytesPerSecond,
            }),
          timeoutMs,
        );
        return { topic, partitionIndex: partition.partitionIndex, errorCode: 0, errorMessage: "" };
      },
      ({ topic, partition }, error) => ({ topic, partitionIndex: partition.partitionIndex, ...error }),
    );
    return { results };
  }

  // ---- configs ----

  private async alterConfigs(
    request: ControllerV1.AlterConfigsRequest__Output,
  ): Promise<ControllerV1.AlterConfigsResponse> {
    const controller = this.context.quorum.controller;
    const results = await this.perItem(
      request.resources,
      async (resource): Promise<ControllerV1.AlterConfigsResourceResult> => {
        const target = configResourceOf(resource.resourceType, resource.resourceName);
        await this.run((image) => {
          const changes = configChanges(image, target, resource.configs);
          const result = controller.alterConfigs(image, target, changes);
          return request.validateOnly ? { records: [], response: result.response } : result;
        }, this.context.requestTimeoutMs);
        return {
          resourceType: resource.resourceType,
          resourceName: resource.resourceName,
          errorCode: 0,
          errorMessage: "",
        };
      },
      (resource, error) => ({
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        ...error,
      }),
    );
    return { results };
  }

  // ---- cluster ----

  private async removeVoter(
    request: ControllerV1.RemoveVoterRequest__Output,
  ): Promise<ControllerV1.RemoveVoterResponse> {
    if (!Number.isInteger(request.voterId) || request.voterId <= 0)
      throw new RillError("INVALID_REQUEST", `voter id ${request.voterId} is not a node id`);
    // The active controller may remove itself: it commits the configuration without itself, then
    // steps down (Raft thesis §4.2.2), and the remaining voters elect a leader.
    const committed = await withTimeout(
      this.context.removeVoter(request.voterId),
      this.context.requestTimeoutMs,
      `The removal of voter ${request.voterId} was not committed within ${this.context.requestTimeoutMs} ms; it may still take effect`,
    );
    return { offset: committed.index };
  }

  private async addVoter(
    request: ControllerV1.AddVoterRequest__Output,
  ): Promise<ControllerV1.AddVoterResponse> {
    const committed = await withTimeout(
      this.context.addVoter(request.voterId, request.address),
      this.context.requestTimeoutMs,
      `Adding voter ${request.voterId} did not complete within ${this.context.requestTimeoutMs} ms; it may still take effect`,
    );
    return { offset: committed.index };
  }

  private async describeCluster(
    request: ControllerV1.DescribeClusterRequest__Output,
  ): Promise<ControllerV1.DescribeClusterResponse> {
    const { leaderId, term } = this.context.quorum.leaderAndTerm;
    return {
      clusterId: this.context.clusterId,
      activeControllerId: leaderId ?? -1,
      raftTerm: term,
      highWatermark: this.context.highWatermark(),
      controllers: await this.context.describeControllers(),
      brokers: brokersView(this.context.quorum.image, request.includeFencedBrokers, (brokerId) =>
        this.context.quorum.isActive
          ? this.context.quorum.controller.brokerMetadataOffset(brokerId)
          : undefined,
      ),
    };
  }
}

/** Explicit assignments (indexed from `firstPartition`), or undefined for automatic placement. */
function assignmentsOf(
  assignments: readonly ControllerV1.ReplicaAssignment__Output[],
  firstPartition: number,
): number[][] | undefined {
  if (assignments.length === 0) return undefined;
  const sorted = [...assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  sorted.forEach((assignment, position) => {
    if (assignment.partitionIndex !== firstPartition + position) {
      throw new RillError(
        "INVALID_REPLICA_ASSIGNMENT",
        `Assignments must cover partitions ${firstPartition}.. without gaps; got partition ${assignment.partitionIndex}`,
      );
    }
  });
  return sorted.map((assignment) => [...assignment.brokerIds]);
}

/** The partitions a request names; a topic without partition list means all of its partitions. */
function expandPartitions(
  image: MetadataImage,
  requested: readonly ControllerV1.TopicPartitions__Output[],
): TopicPartition[] {
  const result: TopicPartition[] = [];
  for (const entry of requested) {
    if (entry.partitions.length > 0) {
      for (const partition of entry.partitions) result.push({ topic: entry.topic, partition });
      continue;
    }
    const topic = image.topicByName(entry.topic);
    // An unknown topic stays in the list (partition 0), so that its result says UNKNOWN_TOPIC_OR_PARTITION.
    if (topic === undefined) result.push({ topic: entry.topic, partition: 0 });
    else
      for (const partition of [...topic.partitions.keys()].sort((a, b) => a - b))
        result.push({ topic: entry.topic, partition });
  }
  return result;
}

/** IncrementalAlterConfigs operations → the metadata layer's set/remove changes. */
function configChanges(
  image: MetadataImage,
  resource: { type: "topic" | "broker" | "cluster"; name: string },
  configs: readonly ControllerV1.AlterableConfig__Output[],
): ConfigChange[] {
  const current = image.configsOf(resource);
  return configs.map((config): ConfigChange => {
    switch (config.op) {
      case "ALTER_CONFIG_OP_SET":
        return { key: config.name, value: config.value };
      case "ALTER_CONFIG_OP_DELETE":
        return { key: config.name, value: null };
      case "ALTER_CONFIG_OP_APPEND":
      case "ALTER_CONFIG_OP_SUBTRACT": {
        const definition = resource.type === "topic" ? TOPIC_CONFIGS[config.name] : undefined;
        if (resource.type === "topic" && definition?.type !== "list") {
          throw new RillError(
            "INVALID_CONFIG",
            `${config.name} is not a list config; APPEND/SUBTRACT need one`,
          );
        }
        const existing = (current.get(config.name) ?? definition?.defaultValue ?? "")
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
        const items = config.value
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
        const next =
          config.op === "ALTER_CONFIG_OP_APPEND"
            ? [...existing, ...items.filter((item) => !existing.includes(item))]
            : existing.filter((item) => !items.includes(item));
        return { key: config.name, value: next.join(",") };
      }
      default:
        throw new RillError(
          "INVALID_REQUEST",
          `Config ${config.name}: op must be SET, DELETE, APPEND or SUBTRACT`,
        );
    }
  });
}
