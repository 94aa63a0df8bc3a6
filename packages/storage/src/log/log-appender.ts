import {
  assert,
  type RecordBatchHeader,
  RillError,
  setBaseOffset,
  setPartitionLeaderEpoch,
  type ValidatedRecordBatches,
} from "@rill/protocol";
import type { Clock } from "@rill/protocol/time";
import type { LeaderEpochCache } from "../checkpoint/leader-epoch-cache.js";
import type { LogConfig } from "../log-config.js";
import type { SegmentBatch } from "../segment/log-segment.js";
import type { LocalLog } from "./local-log.js";
import type { LogCheckpoints } from "./log-checkpoints.js";
import type { LogDurability } from "./log-durability.js";
import type { LogOffsets } from "./log-offsets.js";
import { storageError } from "./storage-error.js";
import type { TailCache } from "./tail-cache.js";

/** What an append was given, known synchronously when `append` returns. */
export interface AppendResult {
  readonly firstOffset: number;
  readonly lastOffset: number;
  /** The base offset of each appended batch, in order. */
  readonly baseOffsets: readonly number[];
  /** Largest batch maxTimestamp appended (the log does not rewrite timestamps). */
  readonly maxTimestamp: number;
  /**
   * Resolves once the bytes are written (readable below logEndOffset). Rejects with STORAGE_ERROR
   * when the write failed or the log went offline first: the outcome for the records is then
   * that they are not in the log. Already marked handled.
   */
  readonly written: Promise<void>;
  /**
   * Resolves once the appended bytes are durable under the flush policy (group-commit: an
   * fdatasync covered them; none: the write returned). Rejects with STORAGE_ERROR when the log
   * went offline first. Already marked handled: ignoring it does not crash the process.
   */
  readonly durable: Promise<void>;
}

interface PendingWrite {
  readonly kind: "write";
  readonly bytes: Uint8Array;
  readonly headers: readonly RecordBatchHeader[];
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface PendingOperation {
  readonly kind: "operation";
  readonly run: () => Promise<void>;
  readonly reject: (error: unknown) => void;
}

export interface LogAppenderOptions {
  readonly directory: string;
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
  readonly epochCache: LeaderEpochCache;
  readonly tailCache: TailCache;
  readonly checkpoints: LogCheckpoints;
  readonly durability: LogDurability;
  readonly config: () => LogConfig;
  readonly clock: Clock;
  /** Throws when the log is offline or closed (nothing gets queued then). */
  readonly checkUsable: () => void;
  readonly offlineError: () => RillError | undefined;
  readonly goOffline: (error: RillError) => void;
}

/**
 * The append path of a partition log: offset assignment and the one queue through which every
 * change of the log runs. Offsets are assigned synchronously in call order (`offsets.nextAssigned`);
 * queued items run one at a time, so offsets are written in order and a truncation, roll or
 * segment deletion never interleaves with a write. Consecutive writes share one writev (up to
 * writeBatchBytesMax, never across a roll); `offsets.logEnd` moves when their write returns and
 * durability is left to LogDurability (group commit). A failed write takes the log offline, and
 * an offline log rejects everything still queued.
 */
export class LogAppender {
  /** No limit of its own: one entry per append or operation whose caller awaits its turn. */
  #queue: (PendingWrite | PendingOperation)[] = [];
  #draining = false;

  readonly #options: LogAppenderOptions;
  constructor(options: LogAppenderOptions) {
    this.#options = options;
  }

  /**
   * Leader append of batches the broker validated at its edge (validateProducedBatches: header,
   * CRC and records checked once, there; nothing is checked again here). Offsets are assigned
   * synchronously, in call order, by stamping baseOffset (and partitionLeaderEpoch when
   * `leaderEpoch` is given) in place; the bytes are then written as they are. Returns the offsets
   * at once, with promises for the write and for durability. Throws (nothing appended) when the
   * log is offline or closed, or RECORD_LIST_TOO_LARGE when the request exceeds segment.bytes.
   * The log takes ownership of the bytes (it may serve them from the tail cache).
   */
  append(validated: ValidatedRecordBatches, options: { readonly leaderEpoch?: number } = {}): AppendResult {
    this.#options.checkUsable();
    this.#checkAppendSize(validated.bytes);
    const bytes = validated.bytes;
    const firstOffset = this.#options.offsets.nextAssigned;
    let nextOffset = firstOffset;
    const stamped: RecordBatchHeader[] = [];
    for (const { position, header } of validated.batches) {
      assert(header.lastOffsetDelta >= 0, "the edge validator refuses empty batches from producers");
      setBaseOffset(bytes, position, nextOffset);
      if (options.leaderEpoch !== undefined) setPartitionLeaderEpoch(bytes, position, options.leaderEpoch);
      stamped.push({
        ...header,
        baseOffset: nextOffset,
        lastOffset: nextOffset + header.lastOffsetDelta,
        partitionLeaderEpoch: options.leaderEpoch ?? header.partitionLeaderEpoch,
      });
      nextOffset += header.lastOffsetDelta + 1;
    }
    return this.#enqueueWrite(bytes, stamped, firstOffset, nextOffset - 1);
  }

  /**
   * Follower append (replication) of batches checked once on this follower
   * (validateReplicatedBatches): they keep the leader's offsets and epochs. Offsets must start at
   * or after the log end and increase (INVALID_REQUEST otherwise: the follower must truncate
   * first). Throws as `append` does; returns as `append` does.
   */
  appendAsFollower(validated: ValidatedRecordBatches): AppendResult {
    this.#options.checkUsable();
    // No size limits here: the leader accepted these batches under the limits of their time, so,
    // as Kafka's appendAsFollower, a max.message.bytes lowered since, or a replication round
    // larger than segment.bytes (an empty segment takes it whole), must not stall replication.
    const headers = validated.batches.map((batch) => batch.header);
    let expected = this.#options.offsets.nextAssigned;
    for (const header of headers) {
      if (header.baseOffset < expected || header.lastOffset < header.baseOffset) {
        throw new RillError(
          "INVALID_REQUEST",
          `follower append of offsets ${header.baseOffset}..${header.lastOffset} does not follow ${expected - 1}`,
        );
      }
      expected = header.lastOffset + 1;
    }
    const first = headers[0] as RecordBatchHeader;
    return this.#enqueueWrite(validated.bytes, headers, first.baseOffset, expected - 1);
  }

  /** Runs `run` in the queue (after every earlier append), returning its result. */
  enqueueOperation<T>(run: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      try {
        this.#options.checkUsable();
      } catch (error) {
        reject(error);
        return;
      }
      this.#queue.push({
        kind: "operation",
        run: async () => {
          try {
            resolve(await run());
          } catch (error) {
            reject(error);
          }
        },
        reject,
      });
      this.#kick();
    });
  }

  /** The log went offline: everything still queued fails with its error. */
  rejectQueued(error: RillError): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const item of queued) item.reject(error);
  }

  /** One leader write must fit in a segment (a storage limit, not batch validation). */
  #checkAppendSize(bytes: Uint8Array): void {
    if (bytes.length > this.#options.config().segmentBytes) {
      throw new RillError("RECORD_LIST_TOO_LARGE", `${bytes.length} bytes exceed segment.bytes`);
    }
  }

  #enqueueWrite(
    bytes: Uint8Array,
    headers: readonly RecordBatchHeader[],
    firstOffset: number,
    lastOffset: number,
  ): AppendResult {
    this.#options.offsets.nextAssigned = lastOffset + 1;
    const maxTimestamp = headers.reduce((max, header) => Math.max(max, header.maxTimestamp), -1);
    const written = new Promise<void>((resolve, reject) => {
      this.#queue.push({ kind: "write", bytes, headers, firstOffset, lastOffset, resolve, reject });
      this.#kick();
    });
    const durable = written.then(() => this.#options.durability.waitFor(lastOffset));
    written.catch(() => undefined);
    durable.catch(() => undefined);
    return {
      firstOffset,
      lastOffset,
      baseOffsets: headers.map((header) => header.baseOffset),
      maxTimestamp,
      written,
      durable,
    };
  }

  /** Runs queued items one at a time; consecutive writes share one writev. */
  #kick(): void {
    if (this.#draining) return;
    this.#draining = true;
    void this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const head = this.#queue[0] as PendingWrite | PendingOperation;
        const offline = this.#options.offlineError();
        if (offline !== undefined) {
          this.#queue.shift();
          head.reject(offline);
          continue;
        }
        if (head.kind === "operation") {
          this.#queue.shift();
          try {
            await head.run();
          } catch (error) {
            head.reject(error);
          }
          continue;
        }
        await this.#writeGroup();
      }
    } finally {
      this.#draining = false;
    }
  }

  async #writeGroup(): Promise<void> {
    const { local, offsets, directory } = this.#options;
    const config = this.#options.config();
    const first = this.#queue[0] as PendingWrite;
    let active = local.active;
    const nowMs = this.#options.clock.now();
    const rollOptions = { segmentBytes: config.segmentBytes, segmentMs: config.segmentMs, nowMs };
    try {
      if (active.shouldRoll({ ...rollOptions, writeBytes: first.bytes.length })) {
        active = await local.roll(offsets.logEnd);
      }
    } catch (error) {
      this.#options.goOffline(storageError(`rolling a segment of ${directory} failed`, error));
      return;
    }
    const group: PendingWrite[] = [];
    let groupBytes = 0;
    for (const item of this.#queue) {
      if (item.kind !== "write") break;
      if (group.length > 0) {
        if (groupBytes + item.bytes.length > config.writeBatchBytesMax) break;
        if (active.shouldRoll({ ...rollOptions, writeBytes: groupBytes + item.bytes.length })) break;
      }
      group.push(item);
      groupBytes += item.bytes.length;
    }
    this.#queue.splice(0, group.length);
    const batches: SegmentBatch[] = [];
    for (const item of group) {
      for (const header of item.headers) {
        batches.push({
          lastOffset: header.lastOffset,
          maxTimestamp: header.maxTimestamp,
          sizeInBytes: header.sizeInBytes,
        });
      }
    }
    try {
      await active.append(
        group.map((item) => item.bytes),
        batches,
      );
    } catch (error) {
      const offline = storageError(`write to ${directory} failed: ${(error as Error).message}`, error);
      this.#options.goOffline(offline);
      for (const item of group) item.reject(offline);
      return;
    }
    const epochChanged = this.#recordWritten(group);
    if (epochChanged) {
      try {
        await this.#options.checkpoints.writeEpochCheckpoint();
      } catch (error) {
        this.#options.goOffline(
          storageError(`writing the leader-epoch checkpoint of ${directory} failed`, error),
        );
      }
    }
    for (const item of group) item.resolve();
  }

  /**
   * After a group's write returned: new leader epochs join the epoch cache, the batches join the
   * tail cache, and the log end moves past them. Returns whether the epoch cache changed.
   */
  #recordWritten(group: readonly PendingWrite[]): boolean {
    const { epochCache, tailCache, offsets } = this.#options;
    let epochChanged = false;
    for (const item of group) {
      let position = 0;
      for (const header of item.headers) {
        const epoch = header.partitionLeaderEpoch;
        if (epoch >= 0 && epoch > (epochCache.latest()?.epoch ?? -1)) {
          epochCache.assign(epoch, header.baseOffset);
          epochChanged = true;
        }
        tailCache.add(
          header.baseOffset,
          header.lastOffset,
          item.bytes.subarray(position, position + header.sizeInBytes),
        );
        position += header.sizeInBytes;
      }
      offsets.logEnd = item.lastOffset + 1;
    }
    return epochChanged;
  }
}
