import {
  type ClusterTopics,
  type CoordinatorRecord,
  decodeCoordinatorRecord,
  encodeCoordinatorRecord,
  type GroupCoordinatorConfig,
  GroupCoordinatorShard,
  groupPartition,
  type ShardResult,
} from "@rill/group";
import type { MetadataImage } from "@rill/metadata";
import {
  decodeRecordBatch,
  encodeRecordBatch,
  isRillError,
  iterateRecordBatches,
  RillError,
} from "@rill/protocol";
import type { Logger } from "@rill/runtime";
import type { PartitionReplica } from "../replica/partition-replica.js";
import type { PartitionSignal } from "../replica/partition-signal.js";
import { waitForAny } from "../replica/partition-signal.js";
import { clusterTopicsOf } from "./cluster-topics-view.js";
import { OFFSETS_TOPIC } from "./offsets-topic.js";

/** What the coordinator needs of the replica manager. */
export interface CoordinatorReplicas {
  image(): MetadataImage;
  lookup(topic: string, partition: number): PartitionReplica | RillError;
  readonly rolesChanged: PartitionSignal;
}

export interface GroupCoordinatorOptions {
  readonly replicas: CoordinatorReplicas;
  readonly config: GroupCoordinatorConfig;
  readonly logger: Logger;
  /** Milliseconds; default Date.now. */
  readonly clock?: () => number;
  /** How long a write of records waits for acks=all before it is indeterminate. */
  readonly writeTimeoutMs: number;
  /** How often offsets of empty groups are checked against retention. */
  readonly retentionCheckIntervalMs: number;
  /**
   * False once the controllers may have fenced this broker (no heartbeat answered for a session):
   * its leaderships, and so its coordinator role, may have moved without its knowing. Default:
   * always true.
   */
  readonly sessionAlive?: () => boolean;
}

/** Bytes read from the log per step while loading a partition. */
const LOAD_READ_BYTES_MAX = 1024 * 1024;
/** Records per batch written (a DeleteGroups of a group with many offsets writes several). */
const WRITE_BATCH_RECORDS_MAX = 500;
/** Operations waiting for one partition's shard; beyond, COORDINATOR_NOT_AVAILABLE (retry). */
const PENDING_OPERATIONS_MAX = 10_000;
/** How long a new leader waits for its high watermark to reach the loaded records per check. */
const LOAD_HIGH_WATERMARK_WAIT_MS = 1_000;

interface Slot {
  readonly partition: number;
  readonly leaderEpoch: number;
  readonly replica: PartitionReplica;
  status: "loading" | "active" | "closed";
  shard: GroupCoordinatorShard;
  /** Operations run one at a time: each one's records are committed before the next starts. */
  queue: Promise<void>;
  pending: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The group coordinator of this broker (Kafka's GroupCoordinatorService + CoordinatorRuntime):
 * for each `__consumer_offsets` partition this broker leads, a shard of groups loaded from the
 * partition's log. Operations on a shard run one at a time; the records of each are appended
 * through the local leader with acks=all and the caller is answered only once they are committed
 * (the high watermark passed them). A failed write discards the shard and reloads it from the
 * log, so memory never holds what the log may not. Losing leadership drops the shard
 * (NOT_COORDINATOR from then on).
 */
export class GroupCoordinator {
  readonly #replicas: CoordinatorReplicas;
  readonly #config: GroupCoordinatorConfig;
  readonly #logger: Logger;
  readonly #clock: () => number;
  readonly #writeTimeoutMs: number;
  readonly #retentionCheckIntervalMs: number;
  readonly #sessionAlive: () => boolean;
  readonly #slots = new Map<number, Slot>();
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(options: GroupCoordinatorOptions) {
    this.#replicas = options.replicas;
    this.#config = options.config;
    this.#logger = options.logger;
    this.#clock = options.clock ?? Date.now;
    this.#writeTimeoutMs = options.writeTimeoutMs;
    this.#retentionCheckIntervalMs = options.retentionCheckIntervalMs;
    this.#sessionAlive = options.sessionAlive ?? (() => true);
  }

  start(): void {
    this.#sync();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    const slots = [...this.#slots.values()];
    for (const slot of slots) this.#unload(slot);
    await Promise.all(slots.map((slot) => slot.queue));
  }

  // ---- which partitions this broker coordinates ----------------------------------------------

  /** Loads the partitions this broker now leads, drops those it no longer leads. */
  #sync(): void {
    if (this.#closed) return;
    this.#unsubscribe?.();
    this.#unsubscribe = this.#replicas.rolesChanged.subscribe(() => this.#sync());
    const topic = this.#replicas.image().topicByName(OFFSETS_TOPIC);
    const led = new Map<number, { replica: PartitionReplica; leaderEpoch: number }>();
    for (const partition of topic?.partitions.keys() ?? []) {
      const replica = this.#replicas.lookup(OFFSETS_TOPIC, partition);
      if (replica instanceof RillError) continue;
      const leader = replica.activeLeader();
      if (leader !== undefined) led.set(partition, { replica, leaderEpoch: leader.leaderEpoch });
    }
    for (const slot of [...this.#slots.values()]) {
      const now = led.get(slot.partition);
      if (now === undefined || now.replica !== slot.replica || now.leaderEpoch !== slot.leaderEpoch) {
        this.#unload(slot);
      }
    }
    for (const [partition, { replica, leaderEpoch }] of led) {
      if (!this.#slots.has(partition)) this.#load(partition, replica, leaderEpoch);
    }
  }

  #unload(slot: Slot): void {
    if (this.#slots.get(slot.partition) === slot) this.#slots.delete(slot.partition);
    if (slot.status === "closed") return;
    slot.status = "closed";
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    this.#logger.info(
      { partition: slot.partition, leaderEpoch: slot.leaderEpoch },
      "stopped coordinating the groups of an offsets partition",
    );
  }

  #load(partition: number, replica: PartitionReplica, leaderEpoch: number): void {
    const slot: Slot = {
      partition,
      leaderEpoch,
      replica,
      status: "loading",
      shard: new GroupCoordinatorShard(this.#config),
      queue: Promise.resolve(),
      pending: 0,
      timer: undefined,
    };
    this.#slots.set(partition, slot);
    const startedMs = this.#clock();
    slot.queue = this.#readShard(slot).then(
      (records) => {
        if (slot.status !== "loading") return;
        slot.status = "active";
        this.#logger.info(
          {
            partition,
            leaderEpoch,
            records,
            groups: slot.shard.listGroups().length,
            loadMs: this.#clock() - startedMs,
          },
          "loaded the groups of an offsets partition",
        );
        this.#schedule(slot);
      },
      (error: unknown) => {
        this.#logger.error(
          { partition, leaderEpoch, err: error instanceof Error ? error.message : String(error) },
          "loading an offsets partition failed; its groups are not served",
        );
        this.#unload(slot);
      },
    );
  }

  /**
   * Replays the partition's log from its start to its end as it is now into the slot's shard,
   * then waits until the high watermark covers that end: records a previous leader appended
   * are in this leader's log (it was in the ISR) but may be answered only once committed.
   */
  async #readShard(slot: Slot): Promise<number> {
    const log = slot.replica.log;
    const endOffset = log.logEndOffset;
    let offset = log.logStartOffset;
    let records = 0;
    const nowMs = this.#clock();
    while (offset < endOffset && slot.status === "loading") {
      const read = await log.read(offset, LOAD_READ_BYTES_MAX, { maxOffset: endOffset });
      if (read.bytes.length === 0 || read.nextOffset <= offset) break;
      let position = 0;
      for (const header of iterateRecordBatches(read.bytes)) {
        // The CRC was checked by the iteration just now.
        const batch = decodeRecordBatch(read.bytes, { position, verifyCrc: false });
        position += header.sizeInBytes;
        if (batch.isControl) continue;
        for (const record of batch.records) {
          if (record.offset < offset) continue;
          slot.shard.replay(decodeCoordinatorRecord(record.key, record.value), nowMs);
          records += 1;
        }
      }
      offset = read.nextOffset;
    }
    while (slot.status === "loading" && slot.replica.highWatermark < endOffset) {
      await waitForAny([slot.replica.highWatermarkMoved], LOAD_HIGH_WATERMARK_WAIT_MS);
    }
    return records;
  }

  // ---- operations ----------------------------------------------------------------------------

  /** The `__consumer_offsets` partition of a group; COORDINATOR_NOT_AVAILABLE while no such topic. */
  partitionOf(groupId: string): number {
    const topic = this.#replicas.image().topicByName(OFFSETS_TOPIC);
    if (topic === undefined || topic.partitions.size === 0) {
      throw new RillError("COORDINATOR_NOT_AVAILABLE", `${OFFSETS_TOPIC} does not exist yet; retry`);
    }
    return groupPartition(groupId, topic.partitions.size);
  }

  /**
   * Runs `operation` on the shard of `groupId`'s partition, after the operations before it, and
   * answers once its records are committed. NOT_COORDINATOR when this broker does not lead the
   * partition, COORDINATOR_LOAD_IN_PROGRESS while it loads. A thrown RillError (the operation
   * refused, nothing changed) is passed on as it is.
   */
  async run<T>(
    groupId: string,
    operation: (shard: GroupCoordinatorShard, nowMs: number, topics: ClusterTopics) => ShardResult<T>,
  ): Promise<T> {
    const slot = this.#slotFor(groupId);
    return this.#enqueue(slot, async () => {
      this.#checkServing(slot, groupId);
      let result: ShardResult<T>;
      try {
        result = operation(slot.shard, this.#clock(), clusterTopicsOf(this.#replicas.image()));
      } catch (error) {
        // A refusal (RillError) changed nothing. Anything else is a bug that may have left the
        // shard half-changed: it is dropped and loaded again from the log before serving on.
        if (!isRillError(error)) {
          this.#unload(slot);
          this.#sync();
        }
        throw error;
      }
      await this.#write(slot, result.records);
      this.#schedule(slot);
      return result.response;
    });
  }

  /** Reads the shard of `groupId`'s partition (after the writes before it are committed). */
  async read<T>(groupId: string, reader: (shard: GroupCoordinatorShard, nowMs: number) => T): Promise<T> {
    const slot = this.#slotFor(groupId);
    return this.#enqueue(slot, async () => {
      this.#checkServing(slot, groupId);
      return reader(slot.shard, this.#clock());
    });
  }

  /** Reads every active shard (ListGroups); partitions still loading are skipped. */
  async readAll<T>(reader: (shard: GroupCoordinatorShard) => T[]): Promise<T[]> {
    const slots = [...this.#slots.values()].filter((slot) => slot.status === "active");
    const parts = await Promise.all(
      slots.map((slot) =>
        this.#enqueue(slot, async () => (slot.status === "active" ? reader(slot.shard) : [])).catch(() => []),
      ),
    );
    return parts.flat();
  }

  #slotFor(groupId: string): Slot {
    const partition = this.partitionOf(groupId);
    const slot = this.#slots.get(partition);
    if (slot === undefined) throw this.#notCoordinator(groupId, partition);
    // Answered at once rather than queued behind the load (which may take a while).
    if (slot.status === "loading") this.#checkServing(slot, groupId);
    return slot;
  }

  #checkServing(slot: Slot, groupId: string): void {
    if (slot.status === "loading") {
      throw new RillError(
        "COORDINATOR_LOAD_IN_PROGRESS",
        `the coordinator of group ${groupId} is loading ${OFFSETS_TOPIC}-${slot.partition}; retry`,
      );
    }
    if (slot.status !== "active" || slot.replica.activeLeader()?.leaderEpoch !== slot.leaderEpoch) {
      throw this.#notCoordinator(groupId, slot.partition);
    }
    // A broker cut off from the controllers for a session may have been deposed without knowing
    // it: answering from its state then gives stale offsets (a group's committed offset read
    // from it went backwards in a fault soak), so it stops serving until a heartbeat is answered.
    if (!this.#sessionAlive()) {
      throw new RillError(
        "COORDINATOR_NOT_AVAILABLE",
        `the coordinator of group ${groupId} has not heard from the controllers for a session; it may have moved, retry`,
      );
    }
  }

  #notCoordinator(groupId: string, partition: number): RillError {
    return new RillError(
      "NOT_COORDINATOR",
      `this broker is not the coordinator of group ${groupId} (${OFFSETS_TOPIC}-${partition}); find it again`,
    );
  }

  #enqueue<T>(slot: Slot, task: () => Promise<T>): Promise<T> {
    if (slot.pending >= PENDING_OPERATIONS_MAX) {
      return Promise.reject(
        new RillError(
          "COORDINATOR_NOT_AVAILABLE",
          `${slot.pending} operations wait for ${OFFSETS_TOPIC}-${slot.partition}; retry later`,
        ),
      );
    }
    slot.pending += 1;
    const result = slot.queue.then(task);
    slot.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      slot.pending -= 1;
    });
  }

  // ---- writes -----------------------------------------------------------------------------

  /**
   * Appends `records` through the local leader with acks=all. On failure the shard (which has
   * already applied them) is discarded and the partition reloaded from its log; the error says
   * what the caller may assume (see writeFailure).
   */
  async #write(slot: Slot, records: readonly CoordinatorRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += WRITE_BATCH_RECORDS_MAX) {
      const nowMs = this.#clock();
      const bytes = encodeRecordBatch({
        records: records.slice(start, start + WRITE_BATCH_RECORDS_MAX).map((record) => {
          const encoded = encodeCoordinatorRecord(record);
          return { key: encoded.key, value: encoded.value, timestamp: nowMs };
        }),
        now: this.#clock,
      });
      const outcome = await slot.replica.produce({
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        acks: "all",
        timeoutMs: this.#writeTimeoutMs,
      });
      if (outcome.kind === "error") {
        this.#logger.warn(
          { partition: slot.partition, error: outcome.error.errorName, err: outcome.error.message },
          "writing to the offsets partition failed; reloading it",
        );
        this.#unload(slot);
        this.#sync();
        throw writeFailure(outcome.error);
      }
    }
  }

  // ---- timers -----------------------------------------------------------------------------

  /** Wakes the slot at its next member deadline (or the next retention check). */
  #schedule(slot: Slot): void {
    if (slot.status !== "active") return;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    const nowMs = this.#clock();
    const deadline = slot.shard.nextDeadlineMs();
    const atMs = Math.min(deadline ?? Number.POSITIVE_INFINITY, nowMs + this.#retentionCheckIntervalMs);
    slot.timer = setTimeout(
      () => {
        slot.timer = undefined;
        void this.#enqueue(slot, async () => {
          if (slot.status !== "active") return;
          const records = slot.shard.tick(this.#clock(), clusterTopicsOf(this.#replicas.image()));
          await this.#write(slot, records);
          this.#schedule(slot);
        }).catch(() => undefined);
      },
      Math.max(0, atMs - nowMs),
    );
    slot.timer.unref();
  }
}

/**
 * What a failed write tells the caller: NOT_COORDINATOR when leadership moved (find the new
 * coordinator and retry there); REQUEST_TIMED_OUT when the records may have been committed
 * (outcome unknown); COORDINATOR_NOT_AVAILABLE when nothing was appended (retry).
 */
function writeFailure(error: RillError): RillError {
  switch (error.errorName) {
    case "NOT_LEADER_OR_FOLLOWER":
    case "FENCED_LEADER_EPOCH":
      return new RillError("NOT_COORDINATOR", `the coordinator lost its partition: ${error.message}`, {
        cause: error,
      });
    case "REQUEST_TIMED_OUT":
    case "INDETERMINATE":
    case "NOT_ENOUGH_REPLICAS_AFTER_APPEND":
      return new RillError("REQUEST_TIMED_OUT", `the group write's outcome is unknown: ${error.message}`, {
        cause: error,
      });
    default:
      return new RillError("COORDINATOR_NOT_AVAILABLE", `the group write failed: ${error.message}`, {
        cause: error,
      });
  }
}
