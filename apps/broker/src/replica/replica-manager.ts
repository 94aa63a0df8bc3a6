/**
 * The broker's data plane, assembled: ReplicaManager opens the log directory, owns the replicas
 * map, acts on each metadata image (through ReplicaReconciler, replica-reconciler.ts), keeps one
 * follower fetcher per leader, ticks the leaders and sends their ISR proposals
 * (alter-partition-sender.ts), answers the services' lookups, and stops the broker when its
 * data directory fails.
 */

import { type MetadataDelta, MetadataImage } from "@rill/metadata";
import { type BrokerV1, type HandlerOptions, RillError, unaryHandler } from "@rill/protocol";
import type { NodeId } from "@rill/protocol/ids";
import { crash, type Logger } from "@rill/runtime";
import { LogManager, NodeFileSystem } from "@rill/storage";
import { sendAlterPartition } from "./alter-partition-sender.js";
import { CommitPathTrace } from "./commit-path-trace.js";
import { createFetchHandlers } from "./fetch-service.js";
import { FollowerFetcher } from "./follower-fetcher.js";
import { LogDirFailureDetector } from "./log-dir-failure.js";
import { LogDirSpace } from "./log-dir-space.js";
import { brokerAddress, INTER_BROKER, leaderHint } from "./partition-errors.js";
import type { PartitionReplica, PartitionReplicaContext } from "./partition-replica.js";
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
import { partitionKey, ReplicaReconciler } from "./replica-reconciler.js";
import { createReplicationHandlers } from "./replication-service.js";
import { SegmentCopier } from "./segment-copier.js";
import { createSegmentCopyHandlers } from "./segment-copy-service.js";
import { TopicTrafficMetrics } from "./topic-traffic-metrics.js";

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

/**
 * The broker's data plane: hosts this broker's partition replicas (logs under `dataDir`), acts on
 * metadata images (leader or follower by leader epoch), serves produce, fetch and list offsets to
 * clients and the replication stream to followers, and runs one follower fetcher per leader.
 */
export class ReplicaManager implements ReplicaDirectory {
  readonly replicationHandlers: ReplicaReplicationHandlers;
  readonly #handlerOptions: HandlerOptions;
  readonly brokerId: NodeId;
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
  readonly #fetchers = new Map<NodeId, FollowerFetcher>();
  readonly #reconciler: ReplicaReconciler;
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
      sendAlterPartition: (replica, leader, request) =>
        sendAlterPartition(
          {
            brokerId: this.brokerId,
            config: this.config,
            logger: this.logger,
            controller: options.controller,
            image: () => this.#image,
            isClosed: () => this.#closed,
            ...(options.onStaleMetadata === undefined ? {} : { onStaleMetadata: options.onStaleMetadata }),
            onIsrChanged: (before, after) => this.#metrics.onIsrChanged(before, after),
          },
          replica,
          leader,
          request,
        ),
      isBrokerActive: (brokerId) => this.#image.isBrokerActive(brokerId),
      replicationThrottle: (topicId, partition) =>
        options.replicationThrottle ?? this.reassignmentThrottle.forPartition(topicId, partition),
      notLeaderError: (replica) => this.notLeaderError(replica.topic, replica.partition),
      onRoleChanged: () => this.rolesChanged.notify(),
      reserveLogDirBytes: (bytes) => this.#logDirFailure ?? this.#logDirSpace.reserve(bytes),
    };
    this.#reconciler = new ReplicaReconciler({
      brokerId: this.brokerId,
      config: this.config,
      logger: this.logger,
      dataDir: options.dataDir,
      logManager,
      replicas: this.#replicas,
      partitionContext: this.#partitionContext,
      traffic: this.traffic,
      isClosed: () => this.#closed,
      brokerEpoch: () => this.brokerEpoch(),
    });
    const handlerOptions = { logger: options.logger };
    this.#handlerOptions = handlerOptions;
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
   * The client-facing BrokerService handlers for one listener: their leader hints carry the
   * leader's endpoint on `listenerName`, the listener the requests arrive on.
   */
  brokerHandlersFor(listenerName: string): ReplicaBrokerHandlers {
    return {
      ...createProduceHandlers(this, listenerName, this.#handlerOptions),
      ...createFetchHandlers(this, listenerName, this.#handlerOptions),
      InitProducerId: unaryHandler(
        (request: BrokerV1.InitProducerIdRequest__Output) => this.#producerIds.initProducerId(request),
        this.#handlerOptions,
      ),
    };
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
    await this.#reconciler.reconcile(image, work);
    if (this.#closed) return;
    this.#syncFetchers(image);
    this.rolesChanged.notify();
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
    const hint = leaderHint(this.#image, INTER_BROKER, topic, partition);
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
    const leaders = new Set<NodeId>();
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
