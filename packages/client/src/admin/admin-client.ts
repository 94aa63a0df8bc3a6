import { type ControllerV1, callUnary, RillError, type UnaryCallOptions } from "@rill/protocol";
import { formatAddress, parseBootstrap } from "../connection/address.js";
import { ConnectionPool, type ConnectionPoolOptions } from "../connection/connection-pool.js";
import { Backoff, type BackoffOptions } from "../retry/backoff.js";
import { type Clock, systemClock } from "../retry/clock.js";
import { Deadline } from "../retry/deadline.js";
import { type RetryDecision, retryUntilDeadline } from "../retry/retry-loop.js";
import type {
  AdminCallOptions,
  AlterConfigsResult,
  BrokerLogDirs,
  ClusterDescription,
  ConfigChange,
  ConfigResource,
  CreatePartitionsResult,
  CreateTopicResult,
  DeleteTopicResult,
  DescribeConfigsResult,
  ElectionType,
  ElectLeadersResult,
  NewTopic,
  OngoingReassignment,
  PartitionReassignment,
  ReassignmentResult,
  TopicDescription,
  TopicListing,
} from "./admin-types.js";
import {
  ALTER_OPERATIONS_WIRE,
  CONFIG_SOURCES,
  clusterDescription,
  itemError,
  partitionDescription,
  RESOURCE_TYPES_WIRE,
  resourceTypeFromWire,
} from "./admin-wire.js";

type Controller = ControllerV1.ControllerServiceClient;

export interface AdminClientOptions {
  /** Controllers, or brokers that forward admin calls; treated alike. */
  readonly bootstrap: readonly string[];
  /** The default deadline of a call, retries included; default 30 s. */
  readonly timeoutMs?: number;
  /** The longest one attempt may take before the next node is tried; default 10 s. */
  readonly requestTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly clock?: Clock;
  readonly pool?: ConnectionPool;
  readonly poolOptions?: ConnectionPoolOptions;
}

export const adminClientDefaults = { timeoutMs: 30_000, requestTimeoutMs: 10_000 } as const;

/** Errors that say "this node cannot serve you now; another may": try the next address. */
const MOVE_ON: ReadonlySet<string> = new Set([
  "NETWORK_EXCEPTION",
  "REQUEST_TIMED_OUT",
  "INDETERMINATE",
  "SERVER_NOT_READY",
  "BROKER_NOT_AVAILABLE",
]);

/**
 * The admin client (Kafka Admin) over ControllerService. Calls go to the active controller when
 * it is known, else to the bootstrap addresses in turn. NOT_CONTROLLER with a hint goes straight
 * to the named controller; without one (an election) the next address is tried after a backoff.
 * Retriable errors are retried with exponential backoff and jitter until the deadline; others
 * throw at once as typed RillErrors. A mutating call whose outcome is unknown at the deadline
 * throws INDETERMINATE: it may have happened.
 */
export class AdminClient {
  readonly #bootstrap: readonly string[];
  readonly #pool: ConnectionPool;
  readonly #ownsPool: boolean;
  readonly #clock: Clock;
  readonly #backoff: Backoff;
  readonly #timeoutMs: number;
  readonly #requestTimeoutMs: number;
  /** The active controller as last hinted; undefined when unknown. */
  #activeController: string | undefined;
  #nextBootstrap = 0;

  constructor(options: AdminClientOptions) {
    this.#bootstrap = parseBootstrap(options.bootstrap);
    this.#ownsPool = options.pool === undefined;
    this.#pool = options.pool ?? new ConnectionPool(options.poolOptions);
    this.#clock = options.clock ?? systemClock;
    this.#backoff = new Backoff(options.backoff);
    this.#timeoutMs = options.timeoutMs ?? adminClientDefaults.timeoutMs;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? adminClientDefaults.requestTimeoutMs;
  }

  /** The controller address the next call goes to first (the hinted active controller, if any). */
  activeController(): string | undefined {
    return this.#activeController;
  }

  async createTopics(
    topics: readonly NewTopic[],
    options: AdminCallOptions & { readonly validateOnly?: boolean } = {},
  ): Promise<CreateTopicResult[]> {
    const request = (timeoutMs: number): ControllerV1.CreateTopicsRequest => ({
      topics: topics.map((topic) => ({
        name: topic.name,
        numPartitions: topic.assignments === undefined ? (topic.partitions ?? -1) : -1,
        replicationFactor: topic.assignments === undefined ? (topic.replicationFactor ?? -1) : -1,
        assignments: (topic.assignments ?? []).map((brokerIds, partitionIndex) => ({
          partitionIndex,
          brokerIds: [...brokerIds],
        })),
        configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
      timeoutMs: serverWaitMs(timeoutMs),
      validateOnly: options.validateOnly ?? false,
    });
    const { value, uncertain } = await this.#call("createTopics", options, true, (client, timeoutMs, call) =>
      callUnary(client, "createTopics", request(timeoutMs), call),
    );
    return value.topics.map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      partitions: topic.numPartitions,
      replicationFactor: topic.replicationFactor,
      error: itemError(topic.errorCode, topic.errorMessage, uncertain, { topic: topic.name }),
    }));
  }

  async deleteTopics(names: readonly string[], options: AdminCallOptions = {}): Promise<DeleteTopicResult[]> {
    const { value, uncertain } = await this.#call("deleteTopics", options, true, (client, timeoutMs, call) =>
      callUnary(client, "deleteTopics", { topicNames: [...names], timeoutMs: serverWaitMs(timeoutMs) }, call),
    );
    return value.topics.map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      error: itemError(topic.errorCode, topic.errorMessage, uncertain, { topic: topic.name }),
    }));
  }

  /** Grows topics to `count` partitions in total (Kafka CreatePartitions). */
  async createPartitions(
    topics: readonly {
      readonly name: string;
      readonly count: number;
      readonly assignments?: readonly (readonly number[])[];
    }[],
    options: AdminCallOptions & { readonly validateOnly?: boolean } = {},
  ): Promise<CreatePartitionsResult[]> {
    const { value, uncertain } = await this.#call(
      "createPartitions",
      options,
      true,
      (client, timeoutMs, call) =>
        callUnary(
          client,
          "createPartitions",
          {
            topics: topics.map((topic) => ({
              name: topic.name,
              count: topic.count,
              assignments: (topic.assignments ?? []).map((brokerIds, index) => ({
                partitionIndex: index,
                brokerIds: [...brokerIds],
              })),
            })),
            timeoutMs: serverWaitMs(timeoutMs),
            validateOnly: options.validateOnly ?? false,
          },
          call,
        ),
    );
    return value.results.map((result) => ({
      name: result.name,
      error: itemError(result.errorCode, result.errorMessage, uncertain, { topic: result.name }),
    }));
  }

  async listTopics(
    options: AdminCallOptions & { readonly includeInternal?: boolean } = {},
  ): Promise<TopicListing[]> {
    const { value } = await this.#call("listTopics", options, false, (client, _timeoutMs, call) =>
      callUnary(client, "listTopics", { includeInternal: options.includeInternal ?? false }, call),
    );
    return value.topics.map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      isInternal: topic.isInternal,
      partitions: topic.partitionCount,
    }));
  }

  async describeTopics(
    names: readonly string[],
    options: AdminCallOptions = {},
  ): Promise<TopicDescription[]> {
    const { value } = await this.#call("describeTopics", options, false, (client, _timeoutMs, call) =>
      callUnary(client, "describeTopics", { topicNames: [...names] }, call),
    );
    return value.topics.map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      isInternal: topic.isInternal,
      partitions: [...topic.partitions]
        .sort((left, right) => left.partitionIndex - right.partitionIndex)
        .map(partitionDescription),
      error: itemError(topic.errorCode, topic.errorMessage, false, { topic: topic.name }),
    }));
  }

  /**
   * Describes the cluster. Each controller answers "as it sees it", and only the active
   * controller knows its followers' lag, so when another controller answered and names an
   * active controller, that one is asked too (its answer wins; if it fails, the first stands).
   */
  async describeCluster(
    options: AdminCallOptions & { readonly includeFencedBrokers?: boolean } = {},
  ): Promise<ClusterDescription> {
    const first = await this.#describeClusterOnce(options);
    const active = first.controllers.find((controller) => controller.nodeId === first.activeControllerId);
    if (active === undefined || active.port < 1 || active.host === "") return first;
    const activeAddress = formatAddress(active.host, active.port);
    if (activeAddress === first.answeredBy) return first;
    this.#activeController = activeAddress;
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    return this.#describeClusterOnce({ ...options, timeoutMs: Math.max(1, Math.floor(timeoutMs / 2)) }).catch(
      () => first,
    );
  }

  async #describeClusterOnce(
    options: AdminCallOptions & { readonly includeFencedBrokers?: boolean },
  ): Promise<ClusterDescription> {
    let answeredBy = "";
    const { value } = await this.#call(
      "describeCluster",
      options,
      false,
      (client, _timeoutMs, call, address) => {
        answeredBy = address;
        return callUnary(
          client,
          "describeCluster",
          { includeFencedBrokers: options.includeFencedBrokers ?? true },
          call,
        );
      },
    );
    return clusterDescription(value, answeredBy);
  }

  async describeConfigs(
    resources: readonly (ConfigResource & { readonly configNames?: readonly string[] })[],
    options: AdminCallOptions = {},
  ): Promise<DescribeConfigsResult[]> {
    const { value } = await this.#call("describeConfigs", options, false, (client, _timeoutMs, call) =>
      callUnary(
        client,
        "describeConfigs",
        {
          resources: resources.map((resource) => ({
            resourceType: RESOURCE_TYPES_WIRE[resource.type],
            resourceName: resource.name,
            configNames: [...(resource.configNames ?? [])],
          })),
          includeSynonyms: false,
          includeDocumentation: false,
        },
        call,
      ),
    );
    return value.results.map((result) => ({
      resource: { type: resourceTypeFromWire(result.resourceType), name: result.resourceName },
      configs: result.configs.map((config) => ({
        name: config.name,
        value: config.value,
        readOnly: config.readOnly,
        source: CONFIG_SOURCES[config.source] ?? "unknown",
        isSensitive: config.isSensitive,
      })),
      error: itemError(result.errorCode, result.errorMessage, false, { resource: result.resourceName }),
    }));
  }

  /** Changes configs incrementally (Kafka IncrementalAlterConfigs); each resource all or nothing. */
  async alterConfigs(
    changes: readonly (ConfigResource & { readonly changes: readonly ConfigChange[] })[],
    options: AdminCallOptions & { readonly validateOnly?: boolean } = {},
  ): Promise<AlterConfigsResult[]> {
    const { value, uncertain } = await this.#call("alterConfigs", options, true, (client, _timeoutMs, call) =>
      callUnary(
        client,
        "alterConfigs",
        {
          resources: changes.map((resource) => ({
            resourceType: RESOURCE_TYPES_WIRE[resource.type],
            resourceName: resource.name,
            configs: resource.changes.map((change) => ({
              name: change.name,
              op: ALTER_OPERATIONS_WIRE[change.operation],
              value: change.value ?? "",
            })),
          })),
          validateOnly: options.validateOnly ?? false,
        },
        call,
      ),
    );
    return value.results.map((result) => ({
      resource: { type: resourceTypeFromWire(result.resourceType), name: result.resourceName },
      error: itemError(result.errorCode, result.errorMessage, uncertain, { resource: result.resourceName }),
    }));
  }

  /**
   * Removes a voter from the controller quorum (KIP-853 RemoveRaftVoter) and resolves with the
   * metadata offset of the committed change. One change at a time: OPERATION_NOT_ATTEMPTED while
   * another is uncommitted; INCONSISTENT_VOTER_SET when `voterId` is not a voter (or is the last).
   */
  async removeVoter(voterId: number, options: AdminCallOptions = {}): Promise<{ readonly offset: number }> {
    const { value } = await this.#call("removeVoter", options, true, (client, _timeoutMs, call) =>
      callUnary(client, "removeVoter", { voterId }, call),
    );
    return { offset: value.offset };
  }

  /**
   * Adds a running controller to the voters (KIP-853 AddRaftVoter) and resolves with the metadata
   * offset of the committed change that made it a voter. The controller must be up at `address`
   * (started with controller.quorum.bootstrap.servers, an observer) and catch up; refusals are
   * typed: INCONSISTENT_VOTER_SET (already a voter, address taken), OPERATION_NOT_ATTEMPTED
   * (another change pending, nothing answers at the address, not caught up in time),
   * INCONSISTENT_CLUSTER_ID, INVALID_REQUEST (bad id or address, another node at the address).
   */
  async addVoter(
    voterId: number,
    address: string,
    options: AdminCallOptions = {},
  ): Promise<{ readonly offset: number }> {
    const { value } = await this.#call("addVoter", options, true, (client, _timeoutMs, call) =>
      callUnary(client, "addVoter", { voterId, address }, call),
    );
    return { offset: value.offset };
  }

  /** Elects leaders: the preferred replica, or (opt-in) unclean. No partitions = all that need it. */
  async electLeaders(
    type: ElectionType,
    partitions: readonly { readonly topic: string; readonly partitions?: readonly number[] }[] = [],
    options: AdminCallOptions = {},
  ): Promise<ElectLeadersResult[]> {
    const { value, uncertain } = await this.#call("electLeaders", options, true, (client, timeoutMs, call) =>
      callUnary(
        client,
        "electLeaders",
        {
          electionType: type === "preferred" ? "ELECTION_TYPE_PREFERRED" : "ELECTION_TYPE_UNCLEAN",
          topicPartitions: partitions.map((entry) => ({
            topic: entry.topic,
            partitions: [...(entry.partitions ?? [])],
          })),
          timeoutMs: serverWaitMs(timeoutMs),
        },
        call,
      ),
    );
    return value.results.map((result) => ({
      topic: result.topic,
      partition: result.partition,
      error: itemError(result.errorCode, result.errorMessage, uncertain, {
        topic: result.topic,
        partition: result.partition,
      }),
    }));
  }

  /**
   * Starts, replaces or cancels partition reassignments (Kafka AlterPartitionReassignments,
   * KIP-455): `replicas` is the target replica set in preference order; `null` cancels the
   * ongoing move of that partition and restores its original replicas. The controller drives the
   * move to completion (new replicas catch up and join the ISR before old ones leave).
   */
  async alterPartitionReassignments(
    reassignments: readonly PartitionReassignment[],
    options: AdminCallOptions & {
      /**
       * Limits what leaders send to the replicas being added, in bytes per second; stored with
       * the moves as the cluster config leader.replication.throttled.rate and removed by the
       * controller once no move is left.
       */
      readonly throttleBytesPerSecond?: number;
    } = {},
  ): Promise<ReassignmentResult[]> {
    const byTopic = new Map<string, PartitionReassignment[]>();
    for (const entry of reassignments) byTopic.set(entry.topic, [...(byTopic.get(entry.topic) ?? []), entry]);
    const { value, uncertain } = await this.#call(
      "alterPartitionReassignments",
      options,
      true,
      (client, timeoutMs, call) =>
        callUnary(
          client,
          "alterPartitionReassignments",
          {
            timeoutMs: serverWaitMs(timeoutMs),
            throttleBytesPerSecond: options.throttleBytesPerSecond ?? 0,
            topics: [...byTopic].map(([name, entries]) => ({
              name,
              partitions: entries.map((entry) => ({
                partitionIndex: entry.partition,
                replicas: [...(entry.replicas ?? [])],
                cancel: entry.replicas === null,
              })),
            })),
          },
          call,
        ),
    );
    return value.results.map((result) => ({
      topic: result.topic,
      partition: result.partitionIndex,
      error: itemError(result.errorCode, result.errorMessage, uncertain, {
        topic: result.topic,
        partition: result.partitionIndex,
      }),
    }));
  }

  /** The reassignments in progress (all, or those of the given topics/partitions). */
  async listPartitionReassignments(
    partitions: readonly { readonly topic: string; readonly partitions?: readonly number[] }[] = [],
    options: AdminCallOptions = {},
  ): Promise<OngoingReassignment[]> {
    const { value } = await this.#call(
      "listPartitionReassignments",
      options,
      false,
      (client, _timeoutMs, call) =>
        callUnary(
          client,
          "listPartitionReassignments",
          {
            topicPartitions: partitions.map((entry) => ({
              topic: entry.topic,
              partitions: [...(entry.partitions ?? [])],
            })),
          },
          call,
        ),
    );
    return value.reassignments.map((entry) => ({
      topic: entry.topic,
      partition: entry.partitionIndex,
      replicas: entry.replicas,
      addingReplicas: entry.addingReplicas,
      removingReplicas: entry.removingReplicas,
    }));
  }

  /**
   * Every registered broker's partition logs (Kafka DescribeLogDirs): sizes and offsets, for
   * `topics` (all when empty). Brokers are asked directly and in parallel, once each, within
   * the request timeout; one that does not answer gets its error and the others still count.
   */
  async describeLogDirs(
    topics: readonly string[] = [],
    options: AdminCallOptions = {},
  ): Promise<BrokerLogDirs[]> {
    const cluster = await this.describeCluster(options);
    const timeoutMs = Math.min(options.timeoutMs ?? this.#timeoutMs, this.#requestTimeoutMs);
    return Promise.all(
      cluster.brokers
        .filter((broker) => broker.state !== "fenced")
        .map(async (broker): Promise<BrokerLogDirs> => {
          const endpoint = broker.endpoints[0];
          const address = endpoint === undefined ? "" : formatAddress(endpoint.host, endpoint.port);
          if (endpoint === undefined) {
            const error = new RillError("BROKER_NOT_AVAILABLE", `broker ${broker.nodeId} has no endpoint`);
            return { brokerId: broker.nodeId, address, error, partitions: [] };
          }
          try {
            const response = await callUnary(
              this.#pool.broker(address),
              "describeLogDirs",
              { topics: [...topics] },
              { timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) },
            );
            return {
              brokerId: broker.nodeId,
              address,
              error: null,
              partitions: response.partitions.map((partition) => ({
                topic: partition.topic,
                partition: partition.partition,
                sizeBytes: partition.sizeBytes,
                logStartOffset: partition.logStartOffset,
                logEndOffset: partition.logEndOffset,
                isLeader: partition.isLeader,
                bulkCopyStagedBytes: partition.bulkCopyStagedBytes,
              })),
            };
          } catch (error) {
            const rill =
              error instanceof RillError ? error : new RillError("UNKNOWN_SERVER_ERROR", String(error));
            return { brokerId: broker.nodeId, address, error: rill, partitions: [] };
          }
        }),
    );
  }

  close(): void {
    if (this.#ownsPool) this.#pool.close();
  }

  /**
   * One admin call with routing and retries. `uncertain` is true when an earlier attempt had an
   * unknown outcome (then per-item errors may be the echo of that attempt).
   */
  async #call<T>(
    operation: string,
    options: AdminCallOptions,
    mutating: boolean,
    invoke: (client: Controller, timeoutMs: number, call: UnaryCallOptions, address: string) => Promise<T>,
  ): Promise<{ value: T; uncertain: boolean }> {
    const deadline = new Deadline(this.#clock, options.timeoutMs ?? this.#timeoutMs);
    let address = "";
    const outcome = await retryUntilDeadline({
      operation,
      deadline,
      clock: this.#clock,
      backoff: this.#backoff,
      signal: options.signal,
      mutating,
      // Admin calls are retried like Kafka's admin client does; the uncertainty is reported
      // (INDETERMINATE, or earlierAttemptMayHaveTakenEffect on item errors), not hidden.
      retryAfterIndeterminate: true,
      attemptTimeoutMs: this.#requestTimeoutMs,
      attempt: ({ timeoutMs }) => {
        address = this.#activeController ?? this.#currentBootstrap();
        const call: UnaryCallOptions = {
          timeoutMs,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        };
        return invoke(this.#pool.controller(address), timeoutMs, call, address);
      },
      decide: (error) => this.#decide(error, address),
    });
    return { value: outcome.value, uncertain: outcome.earlierAttemptMayHaveTakenEffect };
  }

  #decide(error: RillError, address: string): RetryDecision {
    if (error.errorName === "NOT_CONTROLLER") {
      const { host, port } = error.details;
      if (
        typeof host === "string" &&
        host !== "" &&
        typeof port === "number" &&
        port >= 1 &&
        port <= 65_535
      ) {
        const hinted = formatAddress(host, port);
        if (hinted !== address) {
          this.#activeController = hinted;
          return "redirect";
        }
      }
      this.#forget(address);
      return "backoff";
    }
    if (MOVE_ON.has(error.errorName)) {
      this.#forget(address);
      return "backoff";
    }
    return error.retriable ? "backoff" : "fail";
  }

  /** Stops preferring `address` and moves on to the next bootstrap address. */
  #forget(address: string): void {
    if (this.#activeController === address) this.#activeController = undefined;
    else this.#nextBootstrap = (this.#nextBootstrap + 1) % this.#bootstrap.length;
  }

  #currentBootstrap(): string {
    const address = this.#bootstrap[this.#nextBootstrap % this.#bootstrap.length];
    if (address === undefined) throw new Error("AdminClient: no bootstrap address");
    return address;
  }
}

/**
 * How long the controller may wait for its records to commit: a little less than the call's
 * deadline, so a slow commit comes back as REQUEST_TIMED_OUT from the controller itself.
 */
function serverWaitMs(callTimeoutMs: number): number {
  return Math.max(1, callTimeoutMs - Math.min(1_000, Math.floor(callTimeoutMs / 10)));
}
