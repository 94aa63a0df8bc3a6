import { type Channel, channel } from "node:diagnostics_channel";
import { RillError } from "@rill/protocol";
import type { ConnectionPool } from "../connection/connection-pool.js";
import type { DataClient } from "../data/data-client.js";
import { CoordinatorClient } from "../group/coordinator-client.js";
import type { OffsetToCommit } from "../group/group-offsets.js";
import { Backoff, type BackoffOptions } from "../retry/backoff.js";
import type { Clock } from "../retry/clock.js";
import { deliverChunk } from "./chunk-delivery.js";
import { consumerDefaults, consumerSettings, requirePositiveInteger } from "./consumer-settings.js";
import type {
  AssignmentListener,
  AutoOffsetReset,
  ConsumerOptions,
  OffsetCommitter,
  PartitionAssignment,
  RunOptions,
  StartPosition,
  TopicPartition,
  TopicPartitionOffset,
} from "./consumer-types.js";
import { Fetcher } from "./fetcher.js";
import { type AssignmentHost, GroupMember } from "./group/group-member.js";
import {
  type GroupConsumerOptions,
  groupConsumerDefaults,
  type SubscribeOptions,
} from "./group/group-options.js";
import { resolveStartOffset } from "./offset-reset.js";
import { type FetchedChunk, PartitionState, partitionKey } from "./partition-state.js";
import { PrefetchBuffer } from "./prefetch-buffer.js";
import { Wakeup } from "./wakeup.js";

/** The diagnostics channel of fetch pushes (see ConsumerFetchEvent). */
export const CONSUMER_FETCH_CHANNEL = "rill:consumer:fetch";

export { consumerDefaults } from "./consumer-settings.js";

/** Where the consumer's events go; the channel defaults to `rill:consumer:fetch`. */
export interface ConsumerInstrumentation {
  /** Receives a ConsumerFetchEvent per push that carried records or errors. */
  readonly fetch?: Channel;
}

/** What a consumer is built on (shared with the producer and admin of one `Rill`). */
export interface ConsumerDependencies {
  /** Metadata, routing and ListOffsets. */
  readonly data: DataClient;
  /** The connections fetch streams are opened on. */
  readonly pool: ConnectionPool;
  /** Time for deadlines. */
  readonly clock: Clock;
  /** Diagnostics channels; defaults to the global `rill:consumer:*` channels. */
  readonly instrumentation?: ConsumerInstrumentation;
  /** Names the client in heartbeats and events (Kafka client.id); default "rill". */
  readonly clientId?: string;
  /** Finds and calls group coordinators; made from `data` and `pool` when a group needs one. */
  readonly coordinator?: CoordinatorClient;
  /** The backoff of heartbeat retries; Rill's defaults otherwise. */
  readonly backoff?: BackoffOptions;
}

/**
 * A consumer of explicitly assigned partitions, or (with `groupId`) a consumer-group member whose
 * partitions come from the group's coordinator after `subscribe` (see GroupMember). Records are prefetched over
 * one FetchStream per leader broker, which pushes batches as soon as they are committed, within
 * a byte budget (`fetchMaxBytes`); `run` hands them to `eachMessage` or `eachBatch`, in offset
 * order within each partition, with up to `partitionsConsumedConcurrently` partitions at once.
 *
 * ```ts
 * const consumer = new Consumer({ data, pool, clock: systemClock }, { autoOffsetReset: "earliest" });
 * await consumer.connect();
 * await consumer.assign([{ topic: "orders", partition: 0, offset: "earliest" }]);
 * await consumer.run({ eachMessage: async ({ message }) => console.log(message.offset) });
 * ```
 */
export class Consumer {
  readonly #data: DataClient;
  readonly #buffer: PrefetchBuffer;
  readonly #fetcher: Fetcher;
  readonly #states = new Map<string, PartitionState>();
  readonly #wakeup = new Wakeup();
  readonly #autoOffsetReset: AutoOffsetReset;
  readonly #isolationLevel: "read_uncommitted" | "read_committed";
  readonly #operationTimeoutMs: number;
  readonly #committer: OffsetCommitter | undefined;
  readonly #listener: AssignmentListener | undefined;
  /** The group membership; undefined for a consumer of explicitly assigned partitions. */
  readonly #member: GroupMember | undefined;
  /** Notified whenever a delivery worker lets go of a partition (revocation waits for it). */
  readonly #handlerDone = new Wakeup();
  #connected = false;
  #running = false;
  #stopRequested = false;
  /** What stops `run`: a typed RillError, or an error thrown by a rebalance listener. */
  #fatal: unknown;

  /** Builds a consumer; nothing is sent until `connect` and `assign` (or `subscribe`). */
  constructor(deps: ConsumerDependencies, options: ConsumerOptions & GroupConsumerOptions = {}) {
    const { fetchMaxBytes, maxPartitionFetchBytes, autoOffsetReset, isolationLevel, operationTimeoutMs } =
      consumerSettings(options);
    this.#autoOffsetReset = autoOffsetReset;
    this.#isolationLevel = isolationLevel;
    this.#operationTimeoutMs = operationTimeoutMs;
    this.#member = options.groupId === undefined ? undefined : this.#createMember(deps, options);
    this.#committer =
      options.offsetCommitter ??
      (this.#member === undefined
        ? undefined
        : { commit: (offsets) => this.#requireMember().commit(offsets) });
    this.#listener = options.assignmentListener;
    this.#data = deps.data;
    this.#buffer = new PrefetchBuffer(fetchMaxBytes);
    this.#fetcher = new Fetcher({
      data: deps.data,
      pool: deps.pool,
      clock: deps.clock,
      buffer: this.#buffer,
      maxPartitionFetchBytes,
      isolationLevel: this.#isolationLevel,
      autoOffsetReset: this.#autoOffsetReset,
      operationTimeoutMs: this.#operationTimeoutMs,
      fetchChannel: deps.instrumentation?.fetch ?? channel(CONSUMER_FETCH_CHANNEL),
      onData: () => this.#wakeup.notify(),
      onFatal: (error) => {
        this.#fatal ??= error;
        this.#wakeup.notify();
      },
    });
  }

  /** Readies the consumer (no connection is opened before partitions are assigned). */
  async connect(): Promise<void> {
    this.#connected = true;
  }

  /**
   * Stops `run`, closes every fetch stream and drops what was prefetched. A group member first
   * leaves its group: the handlers in progress return, positions are committed (autoCommit),
   * `onPartitionsRevoked` runs and the leave heartbeat goes out. The DataClient and pool belong
   * to the caller and stay open.
   */
  async disconnect(): Promise<void> {
    await this.#member?.leave();
    this.stop();
    this.#connected = false;
    this.#fetcher.close();
    for (const state of this.#states.values()) {
      state.generation += 1;
      this.#buffer.drop(state);
    }
    this.#states.clear();
  }

  /**
   * Adds partitions, each at its start position (an offset, "earliest", "latest" or
   * `{ timestamp }`, resolved with ListOffsets now). A partition already assigned is moved to the
   * new position (a seek). Throws a typed error (UNKNOWN_TOPIC_OR_PARTITION, ...) and assigns
   * nothing when a position cannot be resolved.
   */
  async assign(partitions: readonly PartitionAssignment[]): Promise<void> {
    this.#requireConnected("assign");
    this.#refuseInGroup("assign");
    if (this.#states.size + partitions.length > consumerDefaults.assignedPartitionsMax) {
      throw new RillError(
        "INVALID_REQUEST",
        `a consumer reads at most ${consumerDefaults.assignedPartitionsMax} partitions`,
      );
    }
    const resolved = await Promise.all(
      partitions.map(async (entry) => ({
        topic: entry.topic,
        partition: entry.partition,
        offset: await this.#resolve(entry.topic, entry.partition, entry.offset ?? "latest"),
      })),
    );
    for (const { topic, partition, offset } of resolved) {
      const existing = this.#states.get(partitionKey(topic, partition));
      if (existing !== undefined) {
        this.#moveTo(existing, offset);
        continue;
      }
      const state = new PartitionState(topic, partition, offset);
      this.#states.set(state.key, state);
      this.#fetcher.add(state);
    }
    this.#listener?.onAssigned?.(resolved);
  }

  /** Removes partitions (all when none are named); returns the position each had reached. */
  unassign(partitions?: readonly TopicPartition[]): TopicPartitionOffset[] {
    this.#refuseInGroup("unassign");
    return this.#unassign(partitions);
  }

  /**
   * Joins the consumer group (`groupId`) and asks for partitions of these topics (by name or by
   * pattern); the coordinator assigns them and moves them between members incrementally. Each
   * assigned partition starts at the group's committed offset, else at "earliest" with
   * `fromBeginning`, else at `autoOffsetReset`. Calling it again replaces the subscription.
   */
  async subscribe(options: SubscribeOptions): Promise<void> {
    this.#requireConnected("subscribe");
    const member = this.#requireMember();
    if ((options.topics === undefined) === (options.topicPattern === undefined)) {
      throw new RillError("INVALID_REQUEST", "subscribe needs exactly one of topics or topicPattern");
    }
    if (options.topics !== undefined) {
      if (options.topics.length === 0 || options.topics.length > groupConsumerDefaults.subscribedTopicsMax) {
        throw new RillError(
          "INVALID_REQUEST",
          `subscribe: name 1 to ${groupConsumerDefaults.subscribedTopicsMax} topics, got ${options.topics.length}`,
        );
      }
      const bad = options.topics.find((topic) => typeof topic !== "string" || topic.length === 0);
      if (bad !== undefined)
        throw new RillError("INVALID_TOPIC_EXCEPTION", "subscribe: a topic name is empty");
    } else if (typeof options.topicPattern === "string") {
      try {
        new RegExp(options.topicPattern);
      } catch (error) {
        throw new RillError(
          "INVALID_REQUEST",
          `subscribe: topicPattern is not a regular expression: ${String(error)}`,
        );
      }
    }
    member.subscribe(options);
  }

  /** The group member id ("" before joining, or without a group). */
  memberId(): string {
    return this.#member?.memberId ?? "";
  }

  #unassign(partitions?: readonly TopicPartition[]): TopicPartitionOffset[] {
    const states =
      partitions === undefined
        ? [...this.#states.values()]
        : partitions.flatMap((entry) => this.#states.get(partitionKey(entry.topic, entry.partition)) ?? []);
    const revoked: TopicPartitionOffset[] = [];
    for (const state of states) {
      this.#fetcher.remove(state);
      state.generation += 1;
      this.#buffer.drop(state);
      this.#states.delete(state.key);
      revoked.push({ topic: state.topic, partition: state.partition, offset: state.position });
    }
    this.#fetcher.topUpCredit();
    this.#listener?.onRevoked?.(revoked);
    return revoked;
  }

  /** The assigned partitions. */
  assignment(): TopicPartition[] {
    return [...this.#states.values()].map((state) => ({ topic: state.topic, partition: state.partition }));
  }

  /** The next offset `run` will deliver for a partition (what a commit would store). */
  position(topic: string, partition: number): number {
    return this.#state(topic, partition).position;
  }

  /**
   * Moves a partition to a new position: what was prefetched is dropped, a handler working on
   * the partition sees `isRunning() === false`, and the next record delivered is at `offset`
   * (or the resolved "earliest" / "latest" / `{ timestamp }` position).
   */
  async seek(target: { topic: string; partition: number; offset: StartPosition }): Promise<void> {
    const state = this.#state(target.topic, target.partition);
    const offset = await this.#resolve(target.topic, target.partition, target.offset);
    this.#moveTo(state, offset);
  }

  /** Stops delivering (and fetching) these partitions; what was prefetched is kept for `resume`. */
  pause(partitions: readonly TopicPartition[]): void {
    for (const entry of partitions) {
      const state = this.#state(entry.topic, entry.partition);
      if (state.paused) continue;
      state.paused = true;
      this.#fetcher.remove(state);
    }
  }

  /** Delivers and fetches paused partitions again, from where they stopped. */
  resume(partitions: readonly TopicPartition[]): void {
    for (const entry of partitions) {
      const state = this.#state(entry.topic, entry.partition);
      if (!state.paused) continue;
      state.paused = false;
      this.#fetcher.add(state);
    }
    this.#wakeup.notify();
  }

  /** The paused partitions. */
  paused(): TopicPartition[] {
    return [...this.#states.values()]
      .filter((state) => state.paused)
      .map((state) => ({ topic: state.topic, partition: state.partition }));
  }

  /**
   * Commits offsets (by default every partition's current position) through the configured
   * `offsetCommitter`. Without one (explicit assignment, no group) there is nowhere to commit:
   * that is a typed INVALID_CONFIG error, so a program never believes it committed.
   */
  async commitOffsets(offsets?: readonly OffsetToCommit[]): Promise<void> {
    if (this.#committer === undefined) {
      throw new RillError(
        "INVALID_CONFIG",
        "commitOffsets needs an offsetCommitter (consumer groups provide one); keep positions yourself with position()",
      );
    }
    const toCommit =
      offsets ??
      [...this.#states.values()].map((state) => ({
        topic: state.topic,
        partition: state.partition,
        offset: state.position,
      }));
    await this.#committer.commit(toCommit);
  }

  /**
   * `commitOffsets` without waiting (Kafka commitAsync): the outcome goes to `callback` (null on
   * success, the typed error otherwise) and, for groups, to the `rill:consumer:group` channel.
   */
  commitOffsetsAsync(
    offsets?: readonly OffsetToCommit[],
    callback?: (error: RillError | null) => void,
  ): void {
    this.commitOffsets(offsets).then(
      () => callback?.(null),
      (error: unknown) =>
        callback?.(error instanceof RillError ? error : new RillError("UNKNOWN_SERVER_ERROR", String(error))),
    );
  }

  /**
   * Delivers records until `stop()` or `disconnect()` (then it resolves), a handler throws (it
   * rejects with that error; the record stays at the position and is delivered again by the next
   * `run`), or a partition cannot go on (a typed error, e.g. OFFSET_OUT_OF_RANGE with
   * autoOffsetReset "none"). One `run` at a time.
   */
  async run(options: RunOptions): Promise<void> {
    this.#requireConnected("run");
    if ((options.eachMessage === undefined) === (options.eachBatch === undefined)) {
      throw new RillError("INVALID_REQUEST", "run needs exactly one of eachMessage or eachBatch");
    }
    const concurrency =
      options.partitionsConsumedConcurrently ?? consumerDefaults.partitionsConsumedConcurrently;
    requirePositiveInteger(concurrency, "partitionsConsumedConcurrently");
    if (this.#running) throw new RillError("INVALID_REQUEST", "the consumer is already running");
    this.#running = true;
    this.#stopRequested = false;
    let failure: unknown;
    const fail = (error: unknown): void => {
      failure ??= error;
      this.#stopRequested = true;
      this.#wakeup.notify();
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, () => this.#worker(options).catch(fail)));
    } finally {
      this.#running = false;
    }
    if (failure !== undefined) throw failure;
    if (this.#fatal !== undefined) {
      const fatal = this.#fatal;
      this.#fatal = undefined;
      throw fatal;
    }
  }

  /** Makes `run` resolve once the handlers in progress return. */
  stop(): void {
    this.#stopRequested = true;
    this.#wakeup.notify();
  }

  /** Record bytes prefetched now, and the most ever (the fetchMaxBytes bound applies to both). */
  bufferedBytes(): { readonly current: number; readonly peak: number } {
    return { current: this.#buffer.bufferedBytes, peak: this.#buffer.peakBytes };
  }

  async #worker(options: RunOptions): Promise<void> {
    while (!this.#stopRequested && this.#fatal === undefined) {
      const state = this.#claimNext();
      if (state === undefined) {
        await this.#wakeup.wait();
        continue;
      }
      try {
        await this.#deliverChunk(state, options);
      } finally {
        state.claimed = false;
        this.#handlerDone.notify();
        // Another worker may be waiting for this partition's next chunk.
        if (state.chunks.length > 0) this.#wakeup.notify();
      }
    }
    this.#wakeup.notify();
  }

  #claimNext(): PartitionState | undefined {
    let best: PartitionState | undefined;
    for (const state of this.#states.values()) {
      if (!state.deliverable()) continue;
      // The partition furthest behind its high watermark first keeps partitions even.
      if (best === undefined || lagOf(state) > lagOf(best)) best = state;
    }
    if (best !== undefined) best.claimed = true;
    return best;
  }

  async #deliverChunk(state: PartitionState, options: RunOptions): Promise<void> {
    const chunk = state.chunks[0] as FetchedChunk;
    const generation = state.generation;
    await deliverChunk(state, chunk, options, () => this.#stopRequested || this.#fatal !== undefined);
    if (state.generation === generation && chunk.next >= chunk.records.length && state.chunks[0] === chunk) {
      this.#buffer.shift(state);
      this.#fetcher.topUpCredit();
    }
  }

  #moveTo(state: PartitionState, offset: number): void {
    this.#buffer.drop(state);
    state.reposition(offset);
    if (!state.paused) this.#fetcher.reposition(state);
    this.#fetcher.topUpCredit();
  }

  async #resolve(topic: string, partition: number, start: StartPosition): Promise<number> {
    return resolveStartOffset(
      { data: this.#data, isolationLevel: this.#isolationLevel, timeoutMs: this.#operationTimeoutMs },
      topic,
      partition,
      start,
    );
  }

  #state(topic: string, partition: number): PartitionState {
    const state = this.#states.get(partitionKey(topic, partition));
    if (state === undefined) {
      throw new RillError("INVALID_REQUEST", `${topic}-${partition} is not assigned to this consumer`, {
        details: { topic, partition },
      });
    }
    return state;
  }

  #createMember(deps: ConsumerDependencies, options: GroupConsumerOptions): GroupMember {
    const groupId = options.groupId ?? "";
    if (typeof groupId !== "string" || groupId.length === 0) {
      throw new RillError("INVALID_GROUP_ID", "groupId must be a non-empty string");
    }
    const sessionTimeoutMs = options.sessionTimeoutMs ?? groupConsumerDefaults.sessionTimeoutMs;
    const rebalanceTimeoutMs = options.rebalanceTimeoutMs ?? groupConsumerDefaults.rebalanceTimeoutMs;
    const autoCommitIntervalMs = options.autoCommitIntervalMs ?? groupConsumerDefaults.autoCommitIntervalMs;
    requirePositiveInteger(sessionTimeoutMs, "sessionTimeoutMs");
    requirePositiveInteger(rebalanceTimeoutMs, "rebalanceTimeoutMs");
    requirePositiveInteger(autoCommitIntervalMs, "autoCommitIntervalMs");
    const coordinator =
      deps.coordinator ??
      new CoordinatorClient({
        data: deps.data,
        pool: deps.pool,
        clock: deps.clock,
        backoff: deps.backoff,
        requestTimeoutMs: Math.min(10_000, this.#operationTimeoutMs),
      });
    return new GroupMember({
      settings: {
        groupId,
        groupInstanceId: options.groupInstanceId ?? "",
        clientId: deps.clientId ?? "rill",
        sessionTimeoutMs,
        rebalanceTimeoutMs,
        autoCommit: options.autoCommit ?? groupConsumerDefaults.autoCommit,
        autoCommitIntervalMs,
        serverAssignor: options.serverAssignor ?? "",
        rackId: options.rackId ?? "",
        autoOffsetReset: this.#autoOffsetReset,
        operationTimeoutMs: this.#operationTimeoutMs,
      },
      coordinator,
      host: this.#assignmentHost(),
      clock: deps.clock,
      backoff: new Backoff(deps.backoff),
    });
  }

  /** The member's view of this consumer: partitions in and out, positions, failures. */
  #assignmentHost(): AssignmentHost {
    return {
      add: (partitions) => {
        for (const { topic, partition, offset } of partitions) {
          const existing = this.#states.get(partitionKey(topic, partition));
          if (existing !== undefined) {
            this.#moveTo(existing, offset);
            continue;
          }
          const state = new PartitionState(topic, partition, offset);
          this.#states.set(state.key, state);
          this.#fetcher.add(state);
        }
        this.#wakeup.notify();
      },
      quiesce: async (partitions) => {
        const states = partitions.flatMap(
          (entry) => this.#states.get(partitionKey(entry.topic, entry.partition)) ?? [],
        );
        for (const state of states) {
          if (state.paused) continue;
          state.paused = true; // no new delivery; a handler in progress sees isRunning() false
          this.#fetcher.remove(state);
        }
        while (states.some((state) => state.claimed)) await this.#handlerDone.wait();
        return states.map((state) => ({
          topic: state.topic,
          partition: state.partition,
          offset: state.position,
        }));
      },
      remove: (partitions) => {
        this.#unassign(partitions);
      },
      positions: () =>
        [...this.#states.values()].map((state) => ({
          topic: state.topic,
          partition: state.partition,
          offset: state.position,
        })),
      resolve: (topic, partition, start) => this.#resolve(topic, partition, start),
      fail: (error) => {
        this.#fatal ??= error;
        this.#wakeup.notify();
      },
    };
  }

  #requireMember(): GroupMember {
    if (this.#member === undefined) {
      throw new RillError(
        "INVALID_CONFIG",
        "subscribe needs a groupId (rill.consumer({ groupId })); use assign without one",
      );
    }
    return this.#member;
  }

  #refuseInGroup(operation: string): void {
    if (this.#member !== undefined) {
      throw new RillError(
        "INVALID_REQUEST",
        `${operation}: a group consumer's partitions come from its group (subscribe); create a consumer without groupId to assign partitions`,
      );
    }
  }

  #requireConnected(operation: string): void {
    if (!this.#connected) {
      throw new RillError(
        "INVALID_REQUEST",
        `${operation}: the consumer is not connected (call connect() first)`,
      );
    }
  }
}

function lagOf(state: PartitionState): number {
  return state.highWatermark - state.position;
}
