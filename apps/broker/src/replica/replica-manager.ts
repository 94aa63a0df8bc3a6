import { readdir } from "node:fs/promises";
import {
  type MetadataDelta,
  MetadataImage,
  type PartitionRegistration,
  type TopicImage,
} from "@rill/metadata";
import { type BrokerV1, type ControllerV1, RillError, unaryHandler } from "@rill/protocol";
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  PartitionLeader,
  PartitionState,
} from "@rill/replication";
import { crash, type Logger } from "@rill/runtime";
import { type LogConfig, LogManager, NodeFileSystem, parsePartitionDirectoryName } from "@rill/storage";
import { CommitPathTrace } from "./commit-path-trace.js";
import { createFetchHandlers } from "./fetch-service.js";
import { FollowerFetcher } from "./follower-fetcher.js";
import { LogDirFailureDetector } from "./log-dir-failure.js";
import { LogDirSpace } from "./log-dir-space.js";
import { brokerAddress, leaderHint } from "./partition-errors.js";
import { asRillError, PartitionReplica, type PartitionReplicaContext } from "./partition-replica.js";
import { PartitionSignal } from "./partition-signal.js";
import { type MetadataWork, PendingMetadataChanges } from "./pending-metadata-changes.js";
import { ProduceLatencyWindow } from "./produce-latency-window.js";
import { createProduceHandlers } from "./produce-service.js";
import { ProducerIdManager } from "./producer-id-manager.js";
import { ReassignmentThrottle } from "./reassignment-throttle.js";
import type { ReplicaDirectory } from "./replica-directory.js";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";
import type {
  PartitionSummary,
  ReplicaBrokerHandlers,
  ReplicaManagerOptions,
  ReplicaReplicationHandlers,
} from "./replica-manager-types.js";
import { flushRoundMetrics, ReplicaMetrics } from "./replica-metrics.js";
import { createReplicationHandlers } from "./replication-service.js";
import { SegmentCopier } from "./segment-copier.js";
import { createSegmentCopyHandlers } from "./segment-copy-service.js";
import { claimTopicId, topicLogConfig, topicTimestampType, validTopicLogConfig } from "./topic-log-config.js";
import { TopicTrafficMetrics } from "./topic-traffic-metrics.js";

/** Logs opened at once when an image names many new replicas (as LogManager's loadConcurrency). */
const LOG_OPEN_CONCURRENCY = 8;
/** Time for answers already decided to reach the wire before a broker whose log dir failed exits. */
const LOG_DIR_FAILURE_EXIT_DELAY_MS = 200;

export type {
  ControllerChannel,
  PartitionRole,
  PartitionSummary,
  ReplicaBrokerHandlers,
  ReplicaManagerOptions,
  ReplicaReplicationHandlers,
} from "./replica-manager-types.js";

import { withTimeout } from "@rill/protocol/time";

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
  readonly traffic: TopicTrafficMetrics;
  readonly trace: CommitPathTrace;
  /** Some replica's role changed: idle follower fetchers look again. */
  readonly rolesChanged = new PartitionSignal();
  /** The latencies of the produce requests answered here, for the automatic throttle. */
  readonly produceLatency = new ProduceLatencyWindow();
  /** Limits what this broker sends, as leader, to replicas being added (follows the image). */
  readonly reassignmentThrottle = new ReassignmentThrottle({
    produceLatency: this.produceLatency,
    onRateChange: (change) =>
      this.logger.info(change, "automatic reassignment throttle: rate set from the produce p99"),
  });
  readonly #segmentCopier: SegmentCopier;
  readonly #options: ReplicaManagerOptions;
  readonly #logManager: LogManager;
  readonly #replicas = new Map<string, PartitionReplica>();
  readonly #fetchers = new Map<number, FollowerFetcher>();
  /** Whether the one sweep of stray logs ran (see #deleteStrayLogs). */
  #strayLogsSwept = false;
  readonly #producerIds: ProducerIdManager;
  readonly #partitionContext: PartitionReplicaContext;
  readonly #metrics: ReplicaMetrics;
  #image: MetadataImage = MetadataImage.EMPTY;
  #metadataChain: Promise<void> = Promise.resolve();
  readonly #pendingChanges = new PendingMetadataChanges();
  #timers: NodeJS.Timeout[] = [];
  #closed = false;
  readonly #logDirSpace: LogDirSpace;
  /** Set once the data directory failed: every append is refused until the process exits. */
  #logDirFailure: RillError | undefined;

  private constructor(options: ReplicaManagerOptions, logManager: LogManager, logDirSpace: LogDirSpace) {
    this.#options = options;
    this.#logManager = logManager;
    this.#logDirSpace = logDirSpace;
    this.brokerId = options.brokerId;
    this.config = options.config;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
    this.traffic = new TopicTrafficMetrics(options.metrics);
    this.trace = new CommitPathTrace(options.metrics);
    this.#producerIds = new ProducerIdManager(options.controller);
    this.#partitionContext = {
      brokerId: this.brokerId,
      config: this.config,
      clock: this.clock,
      logger: this.logger,
      trace: this.trace,
      sendAlterPartition: (replica, leader, request) => this.#sendAlterPartition(replica, leader, request),
      isBrokerActive: (brokerId) => this.#image.isBrokerActive(brokerId),
      replicationThrottle: (topicId, partition) =>
        options.replicationThrottle ?? this.reassignmentThrottle.forPartition(topicId, partition),
      notLeaderError: (replica) => this.notLeaderError(replica.topic, replica.partition),
      onRoleChanged: () => this.rolesChanged.notify(),
      reserveLogDirBytes: (bytes) => this.#logDirFailure ?? this.#logDirSpace.reserve(bytes),
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
    this.replicationHandlers = {
      ...createReplicationHandlers(this, handlerOptions),
      ...createSegmentCopyHandlers(this, this.reassignmentThrottle, handlerOptions),
    };
    this.#segmentCopier = new SegmentCopier({
      directory: this,
      leaderAddress: (leaderId) => {
        const address = brokerAddress(this.#image, leaderId);
        return address === undefined ? undefined : `${address.host}:${address.port}`;
      },
    });
    this.#metrics = new ReplicaMetrics(
      options.metrics,
      () => this.describePartitions(),
      logManager.cleanerStats,
      () => this.reassignmentThrottle.rateBytesPerSecond,
    );
  }

  /**
   * Opens the LogManager on `dataDir` (its lock, no log yet) and starts the leader tick and
   * checkpoint timers. Each log is opened (recovered) when the first image naming it arrives,
   * with its topic's config from that image.
   */
  static async open(options: ReplicaManagerOptions): Promise<ReplicaManager> {
    let manager: ReplicaManager | undefined;
    const fileSystem = new LogDirFailureDetector(
      options.fileSystem ?? new NodeFileSystem(),
      (error, operation, path) => {
        if (manager !== undefined) manager.#onLogDirFailure(error, operation, path);
      },
    );
    const logManager = await LogManager.open({
      dataDirectory: options.dataDir,
      fileSystem,
      defaultConfig: options.config.log,
      openLogsOnStart: false,
      checkpointIntervalMs: options.config.checkpointIntervalMs,
      retentionCheckIntervalMs: options.config.logRetentionCheckIntervalMs,
      cleanerIntervalMs: options.config.logCleanerBackoffMs,
      cleanerIoMaxBytesPerSecond: options.config.logCleanerIoMaxBytesPerSecond,
      onFlushRound: flushRoundMetrics(options.metrics),
      onBackgroundError: (error, log) =>
        options.logger.error(
          { directory: log.directory, err: error instanceof Error ? error.message : String(error) },
          "log background task failed",
        ),
    });
    const logDirSpace = new LogDirSpace({
      directory: options.dataDir,
      freeBytesMin: options.config.logDirFreeBytesMin,
      checkIntervalMs: options.config.logDirFreeCheckIntervalMs,
      onProbeError: (error) =>
        options.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "sampling the data directory's free space failed",
        ),
      onFullChange: (full, freeBytes) =>
        full
          ? options.logger.warn(
              { directory: options.dataDir, freeBytes, freeBytesMin: options.config.logDirFreeBytesMin },
              "data directory full: free space below log.dir.free.bytes.min, appends refused until space returns",
            )
          : options.logger.info(
              { directory: options.dataDir, freeBytes },
              "data directory has space again: appends accepted",
            ),
    });
    await logDirSpace.start();
    logManager.startBackgroundTasks();
    manager = new ReplicaManager(options, logManager, logDirSpace);
    manager.#startTimers();
    return manager;
  }

  /**
   * The data directory failed (an I/O error on a write, fdatasync, truncate, rename or directory
   * sync). As Kafka does when its last log dir goes offline, the broker stops: appends are
   * refused at once (STORAGE_ERROR, retriable, so producers move on), the answers already decided
   * (the failed log rejected its queued writes) get `LOG_DIR_FAILURE_EXIT_DELAY_MS` to reach the
   * wire, then the process exits non-zero (a fatal log line). The controller fences it when its
   * heartbeats stop and moves its leaderships to the in-sync replicas; nothing this broker did not
   * fsync was acknowledged (acks=all counts durable offsets only). Rill brokers have one data
   * directory, so there is nothing left to serve from; an exit, rather than a broker that stays up
   * without storage, also lets a supervisor restart it once the disk is back, and the restart's
   * recovery cuts whatever the failure left half-written at a log's tail.
   */
  #onLogDirFailure(error: unknown, operation: string, path: string): void {
    if (this.#logDirFailure !== undefined) return;
    const message = `log directory ${this.#options.dataDir} failed: ${operation} of ${path}: ${
      error instanceof Error ? error.message : String(error)
    }`;
    this.#logDirFailure = new RillError("STORAGE_ERROR", message, { cause: error });
    this.logger.fatal({ operation, path, code: (error as NodeJS.ErrnoException).code }, message);
    setTimeout(() => crash("log directory failure", this.#logDirFailure), LOG_DIR_FAILURE_EXIT_DELAY_MS);
  }

  // ---- metadata ---------------------------------------------------------------------------------

  image(): MetadataImage {
    return this.#image;
  }

  /**
   * Acts on a new image: creates logs for new replicas, becomes leader or follower by leader epoch,
   * deletes replicas of deleted topics and of partitions moved away, gives open logs their
   * topic's config. With a `delta` only what it changed is looked at; without one (a snapshot
   * load) every partition of the image. The work is queued (opening logs is asynchronous);
   * requests see the new image at once.
   *
   * A reconcile that fails leaves the broker acting on a half-applied image: that is a bug, and
   * the process stops (crash: a fatal log line, exit 1) rather than serve from suspect state.
   */
  applyMetadata(image: MetadataImage, delta?: MetadataDelta): void {
    if (this.#closed) return;
    this.#image = image;
    this.reassignmentThrottle.applyImage(image);
    this.#pendingChanges.add(delta);
    this.#metadataChain = this.#metadataChain
      .then(() => (this.#image === image ? this.#reconcile(image, this.#pendingChanges.take()) : undefined))
      .catch((error: unknown) => {
        crash(`applying metadata (offset ${image.offset}) to the replicas failed`, error);
        // An injected exit (tests) returns: nothing after the crash may run.
        throw error;
      });
  }

  /** Resolves when every image applied so far has been acted on (tests, shutdown). */
  async metadataSettled(): Promise<void> {
    await this.#metadataChain;
  }

  async #reconcile(image: MetadataImage, work: MetadataWork): Promise<void> {
    if (work.full) await this.#reconcileAll(image);
    else await this.#reconcileChanges(image, work);
    if (this.#closed) return;
    if (!this.#strayLogsSwept) await this.#deleteStrayLogs(image);
    this.#syncFetchers(image);
    this.rolesChanged.notify();
  }

  /** Every partition of the image: after a snapshot load, or when no delta was given. */
  async #reconcileAll(image: MetadataImage): Promise<void> {
    const wanted = new Map<string, { topic: TopicImage; partition: number }>();
    for (const topic of image.topicsById.values()) {
      for (const [partition, registration] of topic.partitions) {
        if (registration.replicas.includes(this.brokerId)) {
          wanted.set(partitionKey(topic.name, partition), { topic, partition });
        }
      }
    }
    for (const [key, replica] of this.#replicas) {
      const entry = wanted.get(key);
      if (entry !== undefined && entry.topic.topicId === replica.topicId) continue;
      if (this.#closed) return;
      await this.#deleteReplica(key, replica);
    }
    await this.#openReplicas(
      image,
      [...wanted.values()].filter(
        ({ topic, partition }) => !this.#replicas.has(partitionKey(topic.name, partition)),
      ),
    );
    for (const { topic, partition } of wanted.values()) {
      if (this.#closed) return;
      await this.#reconcilePartition(image, topic, partition, true);
    }
  }

  /**
   * Opens (recovers) the logs of new replicas LOG_OPEN_CONCURRENCY at a time: at start-up the
   * first image names every log in the data dir, and recovery is mostly waiting on the disk.
   */
  async #openReplicas(
    image: MetadataImage,
    entries: readonly { topic: TopicImage; partition: number }[],
  ): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length && !this.#closed) {
        const { topic, partition } = entries[next] as { topic: TopicImage; partition: number };
        next += 1;
        const replica = await this.#openReplica(image, topic, partition);
        if (replica !== undefined) this.#replicas.set(partitionKey(topic.name, partition), replica);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOG_OPEN_CONCURRENCY, entries.length) }, worker));
  }

  /** Only what the deltas since the last reconcile changed. */
  async #reconcileChanges(image: MetadataImage, work: MetadataWork): Promise<void> {
    if (work.removedTopicIds.size > 0) {
      for (const [key, replica] of this.#replicas) {
        if (this.#closed) return;
        if (work.removedTopicIds.has(replica.topicId)) await this.#deleteReplica(key, replica);
      }
    }
    // New replicas first, several at a time (a topic with many partitions was created).
    const newReplicas: { topic: TopicImage; partition: number }[] = [];
    for (const [topicId, partitions] of work.partitionsByTopic) {
      const topic = image.topicsById.get(topicId);
      if (topic === undefined) continue;
      for (const partition of partitions) {
        const hosted = topic.partitions.get(partition)?.replicas.includes(this.brokerId) === true;
        if (hosted && !this.#replicas.has(partitionKey(topic.name, partition))) {
          newReplicas.push({ topic, partition });
        }
      }
    }
    await this.#openReplicas(image, newReplicas);
    for (const [topicId, partitions] of work.partitionsByTopic) {
      const topic = image.topicsById.get(topicId);
      if (topic === undefined) continue; // removed again since
      const configChanged = work.configTopics.has(topic.name);
      for (const partition of partitions) {
        if (this.#closed) return;
        await this.#reconcilePartition(image, topic, partition, configChanged);
      }
    }
    for (const name of work.configTopics) {
      const topic = image.topicByName(name);
      if (topic === undefined) continue;
      const changed = work.partitionsByTopic.get(topic.topicId);
      for (const partition of topic.partitions.keys()) {
        if (changed?.has(partition)) continue; // done above
        const replica = this.#replicas.get(partitionKey(name, partition));
        if (replica !== undefined && replica.topicId === topic.topicId)
          this.#applyTopicConfig(image, replica);
      }
    }
  }

  /**
   * Brings one partition replica in line with the image: deleted when this broker no longer
   * hosts it (or it belongs to an earlier topic of the same name), opened when new, then given
   * the partition state (and the topic config when `configChanged` or just opened).
   */
  async #reconcilePartition(
    image: MetadataImage,
    topic: TopicImage,
    partition: number,
    configChanged: boolean,
  ): Promise<void> {
    const key = partitionKey(topic.name, partition);
    const registration = topic.partitions.get(partition);
    const hosted = registration?.replicas.includes(this.brokerId) === true;
    let replica = this.#replicas.get(key);
    if (replica !== undefined && (!hosted || replica.topicId !== topic.topicId)) {
      await this.#deleteReplica(key, replica);
      replica = undefined;
    }
    if (!hosted || registration === undefined) return;
    if (replica === undefined) {
      replica = await this.#openReplica(image, topic, partition);
      if (replica === undefined) return;
      this.#replicas.set(key, replica);
    } else if (configChanged) {
      this.#applyTopicConfig(image, replica);
    }
    replica.applyState(partitionState(registration));
  }

  /**
   * Deletes the partition logs in the data dir that the image does not assign to this broker:
   * replicas moved away (or topics deleted) while this broker was down, which no metadata change
   * will name again (Kafka's stray logs). Once per process, at the first image in which this
   * broker's registration is unfenced: the controller unfences a broker only once its metadata
   * caught up with its registration, so that image names every replica assigned to it. An
   * earlier image (a snapshot behind the log) may lack a partition assigned since, whose log
   * must not go.
   */
  async #deleteStrayLogs(image: MetadataImage): Promise<void> {
    const registration = image.brokers.get(this.brokerId);
    if (
      registration === undefined ||
      registration.fenced ||
      registration.brokerEpoch !== this.brokerEpoch()
    ) {
      return;
    }
    this.#strayLogsSwept = true;
    const hosted = new Set<string>();
    for (const topic of image.topicsById.values()) {
      for (const [partition, assignment] of topic.partitions) {
        if (assignment.replicas.includes(this.brokerId)) hosted.add(partitionKey(topic.name, partition));
      }
    }
    for (const name of await readdir(this.#options.dataDir)) {
      const entry = parsePartitionDirectoryName(name);
      if (entry === undefined) continue;
      const key = partitionKey(entry.topic, entry.partition);
      if (hosted.has(key) || this.#replicas.has(key) || this.#closed) continue;
      // Through the LogManager (open, then delete) so that its own bookkeeping stays right.
      await this.#logManager.getOrCreateLog(entry.topic, entry.partition);
      await this.#logManager.deleteLog(entry.topic, entry.partition);
      this.logger.info(
        { topic: entry.topic, partition: entry.partition },
        "deleted a stray partition log (this broker no longer hosts it)",
      );
    }
  }

  async #deleteReplica(key: string, replica: PartitionReplica): Promise<void> {
    this.#replicas.delete(key);
    if (![...this.#replicas.values()].some((other) => other.topic === replica.topic)) {
      this.traffic.forgetTopic(replica.topic);
    }
    await replica.close({ snapshot: false });
    await this.#logManager.deleteLog(replica.topic, replica.partition);
    this.logger.info({ topic: replica.topic, partition: replica.partition }, "deleted partition replica");
  }

  /** The topic's log settings from the image that the log can take (see validTopicLogConfig). */
  #topicLogConfig(image: MetadataImage, topic: string): Partial<LogConfig> {
    return validTopicLogConfig(this.config.log, topicLogConfig(image, topic), (error) =>
      this.logger.error({ topic, err: error.message }, "topic config not applied to its logs"),
    );
  }

  /**
   * A topic config change reaching an open replica: its log, its leader's min.insync.replicas
   * and the timestamp type the leader stamps.
   */
  #applyTopicConfig(image: MetadataImage, replica: PartitionReplica): void {
    this.#logManager.updateLogConfig(
      replica.topic,
      replica.partition,
      this.#topicLogConfig(image, replica.topic),
    );
    replica.setMinInsyncReplicas(this.#minInsyncReplicas(image, replica.topic));
    replica.setTimestampType(topicTimestampType(image, replica.topic));
  }

  /**
   * Opens the replica's log with its topic's config. Logs are opened here, once the image
   * names them, never at start-up: a log is never open (nor served) with the broker defaults
   * in place of its topic's config.
   */
  async #openReplica(
    image: MetadataImage,
    topic: TopicImage,
    partition: number,
  ): Promise<PartitionReplica | undefined> {
    const logConfig = this.#topicLogConfig(image, topic.name);
    try {
      let log = await this.#logManager.getOrCreateLog(topic.name, partition, logConfig);
      if (!(await claimTopicId(log.directory, topic.topicId))) {
        // The directory belongs to an earlier topic of the same name (deleted while this broker
        // was down): its records are not this topic's.
        await this.#logManager.deleteLog(topic.name, partition);
        log = await this.#logManager.getOrCreateLog(topic.name, partition, logConfig);
        await claimTopicId(log.directory, topic.topicId);
      }
      // A log still open from before (a replica closed and reopened) gets the current config.
      this.#logManager.updateLogConfig(topic.name, partition, logConfig);
      const replica = await PartitionReplica.open(this.#partitionContext, {
        topic: topic.name,
        topicId: topic.topicId,
        partition,
        log,
      });
      replica.setMinInsyncReplicas(this.#minInsyncReplicas(image, topic.name));
      replica.setTimestampType(topicTimestampType(image, topic.name));
      return replica;
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
      // A replica being bulk-copied is fetched only once its sealed segments are in.
      if (replica.readyFollower()?.leaderId === leaderId && !this.#segmentCopier.claims(replica))
        result.push(replica);
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
    const isrSizeBefore = leader.partitionState.isr.length;
    const answer = withTimeout(
      controller.alterPartition(proto),
      this.config.alterPartitionTimeoutMs,
      `no answer within ${this.config.alterPartitionTimeoutMs} ms`,
    ).then(
      (response) => alterPartitionAnswer(request, leader.partitionState, replica, response),
      (error: unknown) => ({ requestId: request.requestId, error: asRillError(error) }),
    );
    void answer.then((response) => {
      const deliver = (): void => {
        if (!this.#closed) replica.onAlterPartitionResponse(leader, response);
      };
      // A refused or lost proposal is answered late, so the leader does not re-propose in a loop.
      if ("error" in response) {
        if (STALE_PICTURE_ERRORS.has(response.error.errorName)) this.#options.onStaleMetadata?.();
        this.logger.warn(
          { topic: replica.topic, partition: replica.partition, error: response.error.errorName },
          "AlterPartition failed",
        );
        setTimeout(deliver, this.config.alterPartitionRetryBackoffMs).unref();
      } else {
        this.#metrics.onIsrChanged(isrSizeBefore, response.state.isr.length);
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
        sizeBytes: replica.log.sizeBytes,
        bulkCopyStagedBytes: this.#segmentCopier.stagedBytes(replica),
        highWatermark: replica.highWatermark,
        flushedOffset: replica.log.flushedOffset,
        isr: [...(state?.isr ?? [])],
        replicas: [...(state?.replicas ?? [])],
        logSizeBytes: replica.log.sizeBytes,
        logSegmentCount: replica.log.segmentCount,
        followerLag: this.#followerLag(replica),
      });
    }
    return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  #followerLag(replica: PartitionReplica): PartitionSummary["followerLag"] {
    const leader = replica.activeLeader();
    const replicaIds = replica.state?.replicas;
    if (leader === undefined || replicaIds === undefined) return undefined;
    const nowMs = this.clock();
    const logEndOffset = replica.log.logEndOffset;
    let recordsMax = 0;
    let timeMsMax = 0;
    for (const replicaId of replicaIds) {
      const follower = leader.followerState(replicaId);
      // A follower that has not fetched since this leadership began has no known position yet.
      if (follower?.logEndOffset === undefined) continue;
      recordsMax = Math.max(recordsMax, logEndOffset - follower.logEndOffset);
      timeMsMax = Math.max(timeMsMax, nowMs - follower.lastCaughtUpTimeMs);
    }
    return { recordsMax, timeMsMax };
  }

  /** Bulk copy since this broker started: segment bytes received, and log bytes installed. */
  bulkCopyStats(): { readonly bytesReceived: number; readonly bytesInstalled: number } {
    return {
      bytesReceived: this.#segmentCopier.bytesReceived,
      bytesInstalled: this.#segmentCopier.bytesInstalled,
    };
  }

  /** Stops fetchers and timers, answers waiting produces, snapshots producer state, closes logs. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.#logDirSpace.stop();
    await Promise.all([...this.#fetchers.values()].map((fetcher) => fetcher.stop()));
    await this.#segmentCopier.close();
    this.#fetchers.clear();
    await this.#metadataChain;
    await Promise.all([...this.#replicas.values()].map((replica) => replica.close({ snapshot: true })));
    this.#replicas.clear();
    this.#metrics.close();
    this.traffic.close(this.#options.metrics);
    this.trace.close(this.#options.metrics);
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

/** AlterPartition refusals that say the leader proposed from an out-of-date picture (KIP-497). */
const STALE_PICTURE_ERRORS: ReadonlySet<string> = new Set([
  "FENCED_LEADER_EPOCH",
  "INVALID_UPDATE_VERSION",
  "NOT_LEADER_OR_FOLLOWER",
]);

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
