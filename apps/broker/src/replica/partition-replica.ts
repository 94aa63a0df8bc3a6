import { escalateAssertionFailure, RillError, validateReplicatedBatches } from "@rill/protocol";
import { type NodeId, offset as toOffset } from "@rill/protocol/ids";
import {
  type Acks,
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  type ConsumerFetchDecision,
  type FollowerAction,
  type FollowerFetchDecision,
  type FollowerFetchRequest,
  type FollowerFetchResponse,
  type LeaderEpoch,
  type LeaderOutput,
  type Offset,
  PartitionFollower,
  PartitionLeader,
  type PartitionState,
  type ProducerStateManager,
  type ReplicationThrottle,
} from "@rill/replication";
import type { Logger } from "@rill/runtime";
import type { PartitionLog, StagedSegment } from "@rill/storage";
import type { CommitPathTrace } from "./commit-path-trace.js";
import { LeaderProduce, type ProduceOutcome, type TimestampType } from "./leader-produce.js";
import { PartitionSignal } from "./partition-signal.js";
import { ProducerStateStore, replayHeaders } from "./producer-state-store.js";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";
import { StorageReplicaLog } from "./storage-replica-log.js";

/** What a partition replica needs from the replica manager around it. */
export interface PartitionReplicaContext {
  readonly brokerId: NodeId;
  readonly config: ReplicaManagerConfig;
  readonly clock: () => number;
  readonly logger: Logger;
  /** Times the stages of the commit path (produce, follower append). */
  readonly trace: CommitPathTrace;
  /** Sends the leader's ISR proposal to the controller; the answer comes back to `leader`. */
  readonly sendAlterPartition: (
    replica: PartitionReplica,
    leader: PartitionLeader,
    request: AlterPartitionRequest,
  ) => void;
  /** The leader's replication throttle for followers outside the ISR, for one partition. */
  readonly replicationThrottle: (topicId: string, partition: number) => ReplicationThrottle;
  /** Whether a broker may join an ISR (registered, unfenced, not shutting down). */
  readonly isBrokerActive: (brokerId: NodeId) => boolean;
  /** Called after this replica took a new role (follower fetchers pick it up at once). */
  readonly onRoleChanged: () => void;
  /** The NOT_LEADER_OR_FOLLOWER error for this partition, naming the leader the image knows. */
  readonly notLeaderError: (replica: PartitionReplica) => RillError;
  /**
   * Before an append of `bytes` to this broker's data directory: STORAGE_ERROR when it is refused
   * (the disk is nearly full, or the directory failed), else undefined and the bytes are counted.
   */
  readonly reserveLogDirBytes: (bytes: number) => RillError | undefined;
}

export type PartitionRoleState =
  | { readonly kind: "leader"; readonly leader: PartitionLeader }
  | { readonly kind: "follower"; readonly follower: PartitionFollower }
  /** No leader to follow (offline partition), or a role change still being carried out. */
  | { readonly kind: "offline" };

export type { ProduceOutcome, TimestampType } from "./leader-produce.js";
export { asRillError } from "./partition-errors.js";

/** The leader's answer to one follower partition, in core terms plus the record bytes. */
export type FollowerFetchData = FollowerFetchResponse & {
  readonly records: Buffer;
  /** When the answer was read off the stream (a CommitPathTrace timestamp). */
  readonly receivedMs: number;
};

export type FollowerRoundOutcome =
  /** The response was applied; `durable` settles when the appended records are fsynced. */
  | { readonly kind: "applied"; readonly durable: Promise<void> | undefined; readonly action: FollowerAction }
  /** The follower this response was for has been replaced (role or epoch change): dropped. */
  | { readonly kind: "stale" };

/**
 * One partition replica on this broker: its log, its idempotent-producer state and its role
 * (leader or follower), driving the pure cores of @rill/replication against storage.
 *
 * Ordering: leader appends are ordered by the storage append queue (offsets are assigned when
 * `produce` is called, synchronously; the produce path is leader-produce.ts); follower appends,
 * truncations and role changes run one at a time in `#serial`, so a role change waits for the
 * follower append in progress.
 */
export class PartitionReplica {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  readonly log: PartitionLog;
  readonly replicaLog: StorageReplicaLog;
  /** The log end moved (followers' long polls wait on it at the leader). */
  readonly appended = new PartitionSignal();
  /** The high watermark moved (consumers' long polls wait on it). */
  readonly highWatermarkMoved = new PartitionSignal();
  readonly #context: PartitionReplicaContext;
  readonly #store: ProducerStateStore;
  #producerState: ProducerStateManager;
  #role: PartitionRoleState = { kind: "offline" };
  #state: PartitionState | undefined;
  #minInsyncReplicas: number;
  #timestampType: TimestampType = "CreateTime";
  #serial: Promise<void> = Promise.resolve();
  /** The produce path while leading (appends and the produces waiting for their acks). */
  readonly #produce: LeaderProduce;
  #lastSnapshotOffset = -1;
  #closed = false;

  private constructor(
    context: PartitionReplicaContext,
    input: { topic: string; topicId: string; partition: number; log: PartitionLog },
    store: ProducerStateStore,
    producerState: ProducerStateManager,
  ) {
    this.#context = context;
    this.topic = input.topic;
    this.topicId = input.topicId;
    this.partition = input.partition;
    this.log = input.log;
    this.replicaLog = new StorageReplicaLog(input.log);
    this.#store = store;
    this.#producerState = producerState;
    this.#minInsyncReplicas = context.config.minInsyncReplicasDefault;
    this.#produce = new LeaderProduce({
      log: this.log,
      replicaLog: this.replicaLog,
      appended: this.appended,
      trace: context.trace,
      clock: () => context.clock(),
      leaderTickIntervalMs: context.config.leaderTickIntervalMs,
      reserveLogDirBytes: (bytes) => context.reserveLogDirBytes(bytes),
      notLeaderError: () => context.notLeaderError(this),
      name: () => this.#name(),
      activeLeader: () => this.activeLeader(),
      producerState: () => this.#producerState,
      timestampType: () => this.#timestampType,
      handleLeaderOutput: (leader, output) => this.#handleLeaderOutput(leader, output),
    });
  }

  /** Wraps an opened (recovered) log and recovers its producer state. */
  static async open(
    context: PartitionReplicaContext,
    input: { topic: string; topicId: string; partition: number; log: PartitionLog },
  ): Promise<PartitionReplica> {
    const store = new ProducerStateStore(input.log.directory);
    const producerState = await store.load(input.log);
    return new PartitionReplica(context, input, store, producerState);
  }

  // ---- queries ------------------------------------------------------------------------------

  get role(): PartitionRoleState {
    return this.#role;
  }

  /** The newest partition state applied (from the metadata image or an AlterPartition answer). */
  get state(): PartitionState | undefined {
    return this.#role.kind === "leader" ? this.#role.leader.partitionState : this.#state;
  }

  get highWatermark(): Offset {
    if (this.#role.kind === "leader") return this.#role.leader.highWatermark;
    if (this.#role.kind === "follower") return this.#role.follower.highWatermark;
    return toOffset(this.log.highWatermark);
  }

  get producerState(): ProducerStateManager {
    return this.#producerState;
  }

  /** The leader, when this replica leads and has not resigned. */
  activeLeader(): PartitionLeader | undefined {
    const role = this.#role;
    return role.kind === "leader" && role.leader.isLeader ? role.leader : undefined;
  }

  /** The follower, when this replica follows and no truncation or role change is pending. */
  readyFollower(): PartitionFollower | undefined {
    const role = this.#role;
    if (role.kind !== "follower" || this.replicaLog.hasPendingTruncation || this.log.isOffline)
      return undefined;
    return role.follower;
  }

  // ---- role changes -------------------------------------------------------------------------

  /** min.insync.replicas of the topic (from its config in the image). */
  setMinInsyncReplicas(value: number): void {
    this.#minInsyncReplicas = value;
    this.activeLeader()?.updateConfig({
      minInsyncReplicas: value,
      replicaLagTimeMaxMs: this.#context.config.replicaLagTimeMaxMs,
    });
  }

  /** message.timestamp.type of the topic (from its config in the image); applies to the next produce. */
  setTimestampType(value: TimestampType): void {
    this.#timestampType = value;
  }

  /**
   * A partition state from the metadata image (the caller checked that this broker is a replica).
   * Older leader epochs are ignored. Leadership is given up at once (waiting produces fail with
   * NOT_LEADER_OR_FOLLOWER); becoming leader or follower is queued behind any follower append.
   */
  applyState(state: PartitionState): void {
    if (this.#closed) return;
    const current = this.state;
    if (current !== undefined && state.leaderEpoch < current.leaderEpoch) return;
    const nowMs = this.#context.clock();
    const role = this.#role;
    const me = this.#context.brokerId;
    if (role.kind === "leader" && role.leader.isLeader) {
      this.#handleLeaderOutput(role.leader, role.leader.onPartitionState(state, nowMs));
      if (role.leader.isLeader) return;
    }
    if (
      role.kind === "follower" &&
      state.leader === role.follower.leaderId &&
      state.leaderEpoch === role.follower.leaderEpoch
    ) {
      this.#state = state;
      return;
    }
    this.#state = state;
    // Nothing is served in the old role from here on; the new one starts after the queue drains.
    this.#role = { kind: "offline" };
    void this.#enqueue(async () => {
      if (this.#closed || this.#state !== state) return;
      // Appends of the old leadership still in the storage queue land first: the new role starts
      // from the log as it will be, not with offsets assigned but not yet written.
      await this.#produce.lastAppend;
      await this.replicaLog.settled();
      if (this.#closed || this.#state !== state) return;
      if (state.leader === me) this.#becomeLeader(state);
      else if (state.leader >= 0) this.#becomeFollower(state);
      this.#context.onRoleChanged();
    }).catch((error: unknown) => this.#fail("role change", error));
  }

  #becomeLeader(state: PartitionState): void {
    const highWatermark = toOffset(this.log.highWatermark);
    const config = this.#context.config;
    const leader = new PartitionLeader({
      localReplicaId: this.#context.brokerId,
      state,
      config: {
        minInsyncReplicas: this.#minInsyncReplicas,
        replicaLagTimeMaxMs: config.replicaLagTimeMaxMs,
        maxPendingProduces: config.pendingProducesPerPartitionMax,
      },
      log: this.replicaLog,
      highWatermark,
      nowMs: this.#context.clock(),
      isEligibleForIsr: (replicaId) => this.#context.isBrokerActive(replicaId),
      throttle: this.#context.replicationThrottle(this.topicId, this.partition),
    });
    this.#role = { kind: "leader", leader };
    this.#context.logger.info(
      { topic: this.topic, partition: this.partition, leaderEpoch: state.leaderEpoch, highWatermark },
      "became partition leader",
    );
    // A single-replica ISR may commit at once.
    this.#handleLeaderOutput(leader, leader.onLogFlushed());
  }

  #becomeFollower(state: PartitionState): void {
    const follower = new PartitionFollower({
      localReplicaId: this.#context.brokerId,
      leaderId: state.leader,
      leaderEpoch: state.leaderEpoch,
      log: this.replicaLog,
      highWatermark: toOffset(this.log.highWatermark),
    });
    this.#role = { kind: "follower", follower };
    this.#context.logger.info(
      {
        topic: this.topic,
        partition: this.partition,
        leaderId: state.leader,
        leaderEpoch: state.leaderEpoch,
      },
      "became partition follower",
    );
  }

  // ---- leader: produce ------------------------------------------------------------------------

  /** Appends `bytes` as leader and waits for `acks` (see LeaderProduce.produce for the contract). */
  produce(input: { bytes: Buffer; acks: Acks; timeoutMs: number }): Promise<ProduceOutcome> {
    return this.#produce.produce(input);
  }

  // ---- leader: replication, ticks, controller answers -----------------------------------------

  /** A follower's fetch for this partition (leader side). */
  followerFetch(request: FollowerFetchRequest): FollowerFetchDecision {
    const role = this.#role;
    if (role.kind !== "leader" || !role.leader.isLeader) {
      return {
        kind: "error",
        error: this.#context.notLeaderError(this),
        highWatermark: this.highWatermark,
        logStartOffset: toOffset(this.log.logStartOffset),
        logEndOffset: toOffset(this.log.logEndOffset),
      };
    }
    const { decision, output } = role.leader.onFollowerFetch(request, this.#context.clock());
    this.#handleLeaderOutput(role.leader, output);
    return decision;
  }

  /** A consumer's fetch check (KIP-320 epoch, range); reads go up to `maxOffset` (the HW). */
  consumerFetch(request: {
    fetchOffset: Offset;
    currentLeaderEpoch: LeaderEpoch | undefined;
  }): ConsumerFetchDecision {
    const leader = this.activeLeader();
    if (leader === undefined) return { kind: "error", error: this.#context.notLeaderError(this) };
    return leader.validateConsumerFetch(request);
  }

  tick(nowMs: number): void {
    const leader = this.activeLeader();
    if (leader !== undefined) this.#handleLeaderOutput(leader, leader.tick(nowMs));
  }

  onAlterPartitionResponse(leader: PartitionLeader, response: AlterPartitionResponse): void {
    if (leader !== this.activeLeader()) return;
    this.#handleLeaderOutput(leader, leader.onAlterPartitionResponse(response, this.#context.clock()));
  }

  #handleLeaderOutput(leader: PartitionLeader, output: LeaderOutput): void {
    for (const completion of output.completions) {
      this.#produce.complete(completion.produceId, {
        error: completion.error,
        durability: completion.durability,
      });
    }
    if (output.alterPartition !== undefined)
      this.#context.sendAlterPartition(this, leader, output.alterPartition);
    if (output.highWatermarkChanged) {
      if (!this.log.isOffline) this.log.setHighWatermark(output.highWatermark);
      this.highWatermarkMoved.notify();
    }
  }

  // ---- follower -------------------------------------------------------------------------------

  /**
   * Applies the leader's answer for this partition: appends the records (follower append, producer
   * state), then lets the follower core judge the position, truncating when it says so. Dropped
   * when `follower` is no longer this replica's follower.
   */
  applyFollowerFetch(follower: PartitionFollower, data: FollowerFetchData): Promise<FollowerRoundOutcome> {
    return this.#enqueue(async (): Promise<FollowerRoundOutcome> => {
      if (this.#role.kind !== "follower" || this.#role.follower !== follower || this.#closed)
        return { kind: "stale" };
      await this.replicaLog.settled();
      let durable: Promise<void> | undefined;
      if (data.kind === "read" && data.records.length > 0) {
        // Checked once here (header + CRC): the leader walked the records before it wrote them.
        const validated = validateReplicatedBatches(data.records);
        // A refusal (disk nearly full) backs this partition's fetching off; it falls out of the
        // ISR if it stays refused, as a slow follower would.
        const refused = this.#context.reserveLogDirBytes(data.records.length);
        if (refused !== undefined) throw refused;
        const trace = this.#context.trace;
        const result = this.log.appendAsFollower(validated);
        await result.written;
        trace.since("follower_write", data.receivedMs);
        const writtenMs = trace.now();
        durable = result.durable.then(() => trace.since("follower_fsync", writtenMs));
        for (const { header } of validated.batches) {
          if (header.baseOffset < this.#producerState.endOffset) continue;
          this.#producerState.applyBatch({
            producerId: header.producerId,
            producerEpoch: header.producerEpoch,
            baseSequence: header.baseSequence,
            lastOffsetDelta: header.lastOffsetDelta,
            baseOffset: toOffset(header.baseOffset),
            maxTimestampMs: header.maxTimestamp,
          });
        }
        this.appended.notify();
      }
      const action = follower.onFetchResponse(data);
      switch (action.kind) {
        case "appended":
          if (!this.log.isOffline) this.log.setHighWatermark(action.highWatermark);
          break;
        case "truncated":
        case "restarted": {
          const offset = action.kind === "truncated" ? action.truncatedTo : action.startOffset;
          await this.replicaLog.settled();
          await this.#truncateProducerState(offset);
          this.#context.logger.info(
            { topic: this.topic, partition: this.partition, action },
            "follower truncated its log",
          );
          break;
        }
        case "backoff":
          break;
      }
      return { kind: "applied", durable, action };
    });
  }

  /**
   * Bulk copy: installs a completely copied sealed segment at this follower's (empty) log end and
   * applies its batches to the producer state. Refused (NOT_LEADER_OR_FOLLOWER) when `follower`
   * is no longer this replica's follower.
   */
  installCopiedSegment(follower: PartitionFollower, staged: StagedSegment): Promise<void> {
    return this.#enqueue(async () => {
      this.#checkFollower(follower);
      await this.replicaLog.settled();
      await this.log.installStagedSegment(staged);
      await replayHeaders(this.log, this.#producerState, toOffset(this.log.logEndOffset));
      this.appended.notify();
    });
  }

  /** Bulk copy: an empty follower log restarts at the leader's first segment (as a fetch would). */
  restartEmptyLogAt(follower: PartitionFollower, offset: Offset): Promise<void> {
    return this.#enqueue(async () => {
      this.#checkFollower(follower);
      if (this.log.logStartOffset !== this.log.logEndOffset || offset < this.log.logEndOffset) {
        throw new RillError(
          "OFFSET_OUT_OF_RANGE",
          `the leader's segment ${offset} does not follow this log's end ${this.log.logEndOffset}`,
        );
      }
      this.replicaLog.truncateFullyAndStartAt(offset);
      await this.replicaLog.settled();
      await this.#truncateProducerState(offset);
    });
  }

  #checkFollower(follower: PartitionFollower): void {
    if (this.#role.kind !== "follower" || this.#role.follower !== follower || this.#closed) {
      throw new RillError("NOT_LEADER_OR_FOLLOWER", `${this.#name()} no longer follows that leader`);
    }
  }

  async #truncateProducerState(offset: Offset): Promise<void> {
    await this.#store.truncateTo(offset);
    this.#lastSnapshotOffset = Math.min(this.#lastSnapshotOffset, offset);
    const { exact } = this.#producerState.truncateTo(offset);
    if (!exact || this.#producerState.endOffset !== this.log.logEndOffset) {
      this.#producerState = await this.#store.load(this.log, toOffset(this.log.logEndOffset));
    }
  }

  // ---- snapshots and shutdown ------------------------------------------------------------------

  /**
   * Writes a producer-state snapshot when the state covers exactly the log (no append in flight)
   * and moved since the last one. Runs in the serial queue (never beside a truncation).
   */
  snapshotProducerState(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.log.isOffline) return;
      await this.#produce.lastAppend;
      const endOffset = this.log.logEndOffset;
      if (this.#producerState.endOffset !== endOffset || endOffset === this.#lastSnapshotOffset) return;
      if (this.replicaLog.hasPendingTruncation) return;
      await this.#store.write(this.#producerState);
      this.#lastSnapshotOffset = endOffset;
    });
  }

  /**
   * Stops serving: gives up leadership (waiting produces fail with NOT_LEADER_OR_FOLLOWER), stops
   * following, and (when `snapshot`) writes the producer state. The LogManager closes the log.
   */
  async close(options: { snapshot: boolean }): Promise<void> {
    if (this.#closed) return;
    const leader = this.activeLeader();
    if (leader !== undefined) this.#handleLeaderOutput(leader, leader.resign());
    this.#role = { kind: "offline" };
    this.#produce.failAll(() => this.#context.notLeaderError(this));
    if (options.snapshot)
      await this.snapshotProducerState().catch((error: unknown) => this.#fail("snapshot", error));
    this.#closed = true;
    await this.#serial.catch(() => undefined);
    this.appended.notify();
    this.highWatermarkMoved.notify();
  }

  #enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#serial.then(run);
    this.#serial = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  #fail(what: string, error: unknown): void {
    // A broken invariant in a role change or snapshot crashes the broker; it is not logged and ignored.
    if (escalateAssertionFailure(error)) return;
    this.#context.logger.error(
      {
        topic: this.topic,
        partition: this.partition,
        err: error instanceof Error ? error.message : String(error),
      },
      `partition ${what} failed`,
    );
  }

  #name(): string {
    return `${this.topic}-${this.partition}`;
  }
}
