import {
  type MetadataDelta,
  MetadataImage,
  type PartitionRegistration,
  type TopicImage,
} from "@rill/metadata";
import { type BrokerV1, type ControllerV1, RillError, unaryHandler } from "@rill/protocol";
import {
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  type PartitionLeader,
  type PartitionState,
  UNTHROTTLED,
} from "@rill/replication";
import type { Logger } from "@rill/runtime";
import { LogManager } from "@rill/storage";
import { createFetchHandlers } from "./fetch-service.js";
import { FollowerFetcher } from "./follower-fetcher.js";
import { brokerAddress, leaderHint } from "./partition-errors.js";
import { asRillError, PartitionReplica, type PartitionReplicaContext } from "./partition-replica.js";
import { PartitionSignal } from "./partition-signal.js";
import { createProduceHandlers } from "./produce-service.js";
import { ProducerIdManager } from "./producer-id-manager.js";
import type { ReplicaDirectory } from "./replica-directory.js";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";
import type {
  PartitionSummary,
  ReplicaBrokerHandlers,
  ReplicaManagerOptions,
  ReplicaReplicationHandlers,
} from "./replica-manager-types.js";
import { ReplicaMetrics } from "./replica-metrics.js";
import { createReplicationHandlers } from "./replication-service.js";
import { claimTopicId, topicLogConfig } from "./topic-log-config.js";

export type {
  ControllerChannel,
  PartitionRole,
  PartitionSummary,
  ReplicaBrokerHandlers,
  ReplicaManagerOptions,
  ReplicaReplicationHandlers,
} from "./replica-manager-types.js";

/**
 * The broker's data plane: hosts this broker's partition replicas (logs under `dataDir`), acts on
 * metadata images (leader or follower by leader epoch), serves produce, fetch and list offsets to
 * clients and the replication stream to followers, and runs one follower fetcher per leader.
 */
export class ReplicaManager implements ReplicaDirectory {
  readonly brokerHandlers: ReplicaBrokerHandlers;
  readonly replicationHandlers: ReplicaReplicationHandlers;
  readonly brokerId: number;
  readonly config: ReplicaManagerConfig;
  readonly clock: () => number;
  readonly logger: Logger;
  /** Some replica's role changed: idle follower fetchers look again. */
  readonly rolesChanged = new PartitionSignal();
  readonly #options: ReplicaManagerOptions;
  readonly #logManager: LogManager;
  readonly #replicas = new Map<string, PartitionReplica>();
  readonly #fetchers = new Map<number, FollowerFetcher>();
  readonly #producerIds: ProducerIdManager;
  readonly #partitionContext: PartitionReplicaContext;
  readonly #metrics: ReplicaMetrics;
  #image: MetadataImage = MetadataImage.EMPTY;
  #metadataChain: Promise<void> = Promise.resolve();
  #timers: NodeJS.Timeout[] = [];
  #closed = false;

  private constructor(options: ReplicaManagerOptions, logManager: LogManager) {
    this.#options = options;
    this.#logManager = logManager;
    this.brokerId = options.brokerId;
    this.config = options.config;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
    this.#producerIds = new ProducerIdManager(options.controller);
    this.#partitionContext = {
      brokerId: this.brokerId,
      config: this.config,
      clock: this.clock,
      logger: this.logger,
      sendAlterPartition: (replica, leader, request) => this.#sendAlterPartition(replica, leader, request),
      isBrokerActive: (brokerId) => this.#image.isBrokerActive(brokerId),
      replicationThrottle: options.replicationThrottle ?? UNTHROTTLED,
      notLeaderError: (replica) => this.notLeaderError(replica.topic, replica.partition),
      onRoleChanged: () => this.rolesChanged.notify(),
    };
    const handlerOptions = { logger: options.logger };
    this.brokerHandlers = {
      ...createProduceHandlers(this, handlerOptions),
      ...createFetchHandlers(this, handlerOptions),
      InitProducerId: unaryHandler(
        (request: BrokerV1.InitProducerIdRequest__Output) => this.#producerIds.initProducerId(request),
        handlerOptions,
      ),
    };
    this.replicationHandlers = createReplicationHandlers(this, handlerOptions);
    this.#metrics = new ReplicaMetrics(
      options.metrics,
      () => this.describePartitions(),
      logManager.cleanerStats,
    );
  }

  /**
   * Opens the LogManager on `dataDir` (recovering every log in it) and starts the leader tick and
   * checkpoint timers. Logs are adopted as replicas when the first image naming them arrives.
   */
  static async open(options: ReplicaManagerOptions): Promise<ReplicaManager> {
    const logManager = await LogManager.open({
      dataDirectory: options.dataDir,
      defaultConfig: options.config.log,
      checkpointIntervalMs: options.config.checkpointIntervalMs,
      cleanerIoMaxBytesPerSecond: options.config.logCleanerIoMaxBytesPerSecond,
      onBackgroundError: (error, log) =>
        options.logger.error(
          { directory: log.directory, err: error instanceof Error ? error.message : String(error) },
          "log background task failed",
        ),
    });
    logManager.startBackgroundTasks();
    const manager = new ReplicaManager(options, logManager);
    manager.#startTimers();
    return manager;
  }

  // ---- metadata ---------------------------------------------------------------------------------

  image(): MetadataImage {
    return this.#image;
  }

  /**
   * Acts on a new image: creates logs for new replicas, becomes leader or follower by leader epoch,
   * deletes replicas of deleted topics and of partitions moved away. The work is queued (opening
   * logs is asynchronous); requests see the new image at once.
   */
  applyMetadata(image: MetadataImage, _delta?: MetadataDelta): void {
    if (this.#closed) return;
    this.#image = image;
    this.#metadataChain = this.#metadataChain
      .then(() => (this.#image === image ? this.#reconcile(image) : undefined))
      .catch((error: unknown) =>
        this.logger.error(
          { err: error instanceof Error ? error.stack : String(error) },
          "applying metadata failed",
        ),
      );
  }

  /** Resolves when every image applied so far has been acted on (tests, shutdown). */
  async metadataSettled(): Promise<void> {
    await this.#metadataChain;
  }

  async #reconcile(image: MetadataImage): Promise<void> {
    const wanted = new Map<
      string,
      { topic: TopicImage; partition: number; registration: PartitionRegistration }
    >();
    for (const topic of image.topicsById.values()) {
      for (const [partition, registration] of topic.partitions) {
        if (registration.replicas.includes(this.brokerId)) {
          wanted.set(partitionKey(topic.name, partition), { topic, partition, registration });
        }
      }
    }
    for (const [key, replica] of this.#replicas) {
      const entry = wanted.get(key);
      if (entry !== undefined && entry.topic.topicId === replica.topicId) continue;
      if (this.#closed) return;
      this.#replicas.delete(key);
      await replica.close({ snapshot: false });
      await this.#logManager.deleteLog(replica.topic, replica.partition);
      this.logger.info({ topic: replica.topic, partition: replica.partition }, "deleted partition replica");
    }
    for (const [key, entry] of wanted) {
      if (this.#closed) return;
      let replica = this.#replicas.get(key);
      if (replica === undefined) {
        replica = await this.#openReplica(image, entry.topic, entry.partition);
        if (replica === undefined) continue;
        this.#replicas.set(key, replica);
      }
      replica.setMinInsyncReplicas(this.#minInsyncReplicas(image, entry.topic.name));
      replica.applyState(partitionState(entry.registration));
    }
    this.#syncFetchers(image);
    this.rolesChanged.notify();
  }

  async #openReplica(
    image: MetadataImage,
    topic: TopicImage,
    partition: number,
  ): Promise<PartitionReplica | undefined> {
    try {
      const existing = this.#logManager.getLog(topic.name, partition);
      let log =
        existing ??
        (await this.#logManager.getOrCreateLog(topic.name, partition, topicLogConfig(image, topic.name)));
      if (!(await claimTopicId(log.directory, topic.topicId))) {
        // The directory belongs to an earlier topic of the same name (deleted while this broker
        // was down): its records are not this topic's.
        await this.#logManager.deleteLog(topic.name, partition);
        log = await this.#logManager.getOrCreateLog(topic.name, partition, topicLogConfig(image, topic.name));
        await claimTopicId(log.directory, topic.topicId);
      }
      return await PartitionReplica.open(this.#partitionContext, {
        topic: topic.name,
        topicId: topic.topicId,
        partition,
        log,
      });
    } catch (error) {
      this.logger.error(
        { topic: topic.name, partition, err: error instanceof Error ? error.message : String(error) },
        "opening a partition replica failed",
      );
      return undefined;
    }
  }

  #minInsyncReplicas(image: MetadataImage, topic: string): number {
    const configs = image.configsOf({ type: "topic", name: topic });
    const value = Number(configs.get("min.insync.replicas") ?? this.config.minInsyncReplicasDefault);
    return Number.isSafeInteger(value) && value >= 1 ? value : this.config.minInsyncReplicasDefault;
  }

  // ---- lookups for the services -----------------------------------------------------------------

  /** The replica of topic-partition on this broker, or the error a client should get. */
  lookup(topic: string, partition: number): PartitionReplica | RillError {
    const replica = this.#replicas.get(partitionKey(topic, partition));
    if (replica !== undefined) return replica;
    const registration = this.#image.topicByName(topic)?.partitions.get(partition);
    if (registration === undefined) {
      return new RillError("UNKNOWN_TOPIC_OR_PARTITION", `${topic}-${partition} does not exist`, {
        details: { topic, partition },
      });
    }
    return this.notLeaderError(topic, partition);
  }

  /** NOT_LEADER_OR_FOLLOWER naming the leader the image knows (also for a fenced broker). */
  notLeaderError(topic: string, partition: number): RillError {
    const hint = leaderHint(this.#image, topic, partition);
    return new RillError(
      "NOT_LEADER_OR_FOLLOWER",
      `broker ${this.brokerId} does not lead ${topic}-${partition}`,
      {
        details: { leaderId: hint.leaderId, leaderEpoch: hint.leaderEpoch, topic, partition },
      },
    );
  }

  /** Whether the image says this broker is fenced: it then serves no client request as leader. */
  isFenced(): boolean {
    return this.#image.brokers.get(this.brokerId)?.fenced === true;
  }

  /** The replicas following `leaderId` now (for its fetcher). */
  followersOf(leaderId: number): PartitionReplica[] {
    const result: PartitionReplica[] = [];
    for (const replica of this.#replicas.values()) {
      if (replica.readyFollower()?.leaderId === leaderId) result.push(replica);
    }
    return result;
  }

  brokerEpoch(): number {
    return Number(this.#options.controller.brokerEpoch());
  }

  // ---- followers ------------------------------------------------------------------------------------

  #syncFetchers(image: MetadataImage): void {
    const leaders = new Set<number>();
    for (const replica of this.#replicas.values()) {
      const state = replica.state;
      if (state !== undefined && state.leader >= 0 && state.leader !== this.brokerId)
        leaders.add(state.leader);
    }
    for (const [leaderId, fetcher] of this.#fetchers) {
      if (!leaders.has(leaderId)) {
        this.#fetchers.delete(leaderId);
        void fetcher.stop();
      }
    }
    for (const leaderId of leaders) {
      if (this.#fetchers.has(leaderId)) continue;
      const fetcher = new FollowerFetcher({
        leaderId,
        directory: this,
        leaderAddress: () => {
          const address = brokerAddress(this.#image, leaderId);
          return address === undefined ? undefined : `${address.host}:${address.port}`;
        },
      });
      this.#fetchers.set(leaderId, fetcher);
      fetcher.start();
    }
    void image;
  }

  // ---- leaders: ticks and AlterPartition ---------------------------------------------------------

  #startTimers(): void {
    const tickMs = Math.max(
      1,
      Math.min(this.config.leaderTickIntervalMs, Math.floor(this.config.replicaLagTimeMaxMs / 2)),
    );
    this.#timers.push(
      setInterval(() => {
        const nowMs = this.clock();
        for (const replica of this.#replicas.values()) replica.tick(nowMs);
      }, tickMs).unref(),
    );
    this.#timers.push(setInterval(() => void this.#snapshotAll(), this.config.checkpointIntervalMs).unref());
  }

  async #snapshotAll(): Promise<void> {
    for (const replica of this.#replicas.values()) {
      await replica.snapshotProducerState().catch((error: unknown) =>
        this.logger.warn(
          {
            topic: replica.topic,
            partition: replica.partition,
            err: error instanceof Error ? error.message : String(error),
          },
          "producer-state snapshot failed",
        ),
      );
    }
  }

  #sendAlterPartition(
    replica: PartitionReplica,
    leader: PartitionLeader,
    request: AlterPartitionRequest,
  ): void {
    const controller = this.#options.controller;
    const image = this.#image;
    const proto: ControllerV1.AlterPartitionRequest = {
      brokerId: this.brokerId,
      brokerEpoch: Number(controller.brokerEpoch()),
      topics: [
        {
          topicId: replica.topicId,
          topicName: replica.topic,
          partitions: [
            {
              partitionIndex: replica.partition,
              leaderEpoch: request.leaderEpoch,
              partitionEpoch: request.partitionEpoch,
              newIsr: request.newIsr.map((brokerId) => ({
                brokerId,
                brokerEpoch: image.brokers.get(brokerId)?.brokerEpoch ?? -1,
              })),
              leaderRecoveryState: "LEADER_RECOVERY_STATE_RECOVERED",
            },
          ],
        },
      ],
    };
    this.logger.info(
      {
        topic: replica.topic,
        partition: replica.partition,
        newIsr: request.newIsr,
        partitionEpoch: request.partitionEpoch,
      },
      "proposing an ISR change",
    );
    const answer = withTimeout(controller.alterPartition(proto), this.config.alterPartitionTimeoutMs).then(
      (response) => alterPartitionAnswer(request, leader.partitionState, replica, response),
      (error: unknown) => ({ requestId: request.requestId, error: asRillError(error) }),
    );
    void answer.then((response) => {
      const deliver = (): void => {
        if (!this.#closed) replica.onAlterPartitionResponse(leader, response);
      };
      // A refused or lost proposal is answered late, so the leader does not re-propose in a loop.
      if ("error" in response) {
        this.logger.warn(
          { topic: replica.topic, partition: replica.partition, error: response.error.errorName },
          "AlterPartition failed",
        );
        setTimeout(deliver, this.config.alterPartitionRetryBackoffMs).unref();
      } else {
        deliver();
      }
    });
  }

  // ---- describe and close -------------------------------------------------------------------------

  describePartitions(): PartitionSummary[] {
    const result: PartitionSummary[] = [];
    for (const replica of this.#replicas.values()) {
      const state = replica.state;
      const role = replica.role;
      result.push({
        topic: replica.topic,
        topicId: replica.topicId,
        partition: replica.partition,
        role:
          role.kind === "leader" && role.leader.isLeader
            ? "leader"
            : role.kind === "follower"
              ? "follower"
              : "offline",
        leaderId: state?.leader ?? -1,
        leaderEpoch: state?.leaderEpoch ?? -1,
        logStartOffset: replica.log.logStartOffset,
        logEndOffset: replica.log.logEndOffset,
        highWatermark: replica.highWatermark,
        flushedOffset: replica.log.flushedOffset,
        isr: [...(state?.isr ?? [])],
        replicas: [...(state?.replicas ?? [])],
      });
    }
    return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  /** Stops fetchers and timers, answers waiting produces, snapshots producer state, closes logs. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await Promise.all([...this.#fetchers.values()].map((fetcher) => fetcher.stop()));
    this.#fetchers.clear();
    await this.#metadataChain;
    await Promise.all([...this.#replicas.values()].map((replica) => replica.close({ snapshot: true })));
    this.#replicas.clear();
    this.#metrics.close();
    await this.#logManager.close();
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function partitionState(registration: PartitionRegistration): PartitionState {
  return {
    replicas: registration.replicas,
    isr: registration.isr,
    leader: registration.leader,
    leaderEpoch: registration.leaderEpoch,
    partitionEpoch: registration.partitionEpoch,
  };
}

/** The controller's answer for the one partition of an AlterPartition request, in core terms. */
function alterPartitionAnswer(
  request: AlterPartitionRequest,
  current: PartitionState,
  replica: PartitionReplica,
  response: ControllerV1.AlterPartitionResponse__Output,
): AlterPartitionResponse {
  const result = response.topics
    .find((topic) => topic.topicId === replica.topicId || topic.topicName === replica.topic)
    ?.partitions.find((partition) => partition.partitionIndex === replica.partition);
  if (result === undefined) {
    return {
      requestId: request.requestId,
      error: new RillError("UNKNOWN_SERVER_ERROR", "AlterPartition answer without this partition"),
    };
  }
  if (result.errorCode !== 0) {
    return { requestId: request.requestId, error: RillError.fromCode(result.errorCode, result.errorMessage) };
  }
  return {
    requestId: request.requestId,
    state: {
      replicas: current.replicas,
      isr: result.isr,
      leader: result.leaderId,
      leaderEpoch: result.leaderEpoch,
      partitionEpoch: result.partitionEpoch,
    },
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RillError("REQUEST_TIMED_OUT", `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
