import type { CompressionCodec } from "@rill/protocol";
import type { Acks } from "../data/data-types.js";
import { PartitionInFlight, wrapSequence } from "./in-flight.js";
import { type PendingRecord, ProducerBatch } from "./producer-batch.js";

/** The fixed bytes of a RecordBatch v2 header, counted once per batch. */
export const batchOverheadBytes = 61;
/** A record's framing beyond key, value and headers: length, attributes, deltas (varints, at most). */
const recordOverheadBytes = 21;

/** The bytes a record takes in a batch, estimated from above (what batch.size and buffer.memory count). */
export function recordSizeBytes(record: {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: readonly { key: string; value: Uint8Array | null }[];
}): number {
  let bytes = recordOverheadBytes + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const header of record.headers ?? []) {
    bytes += 10 + Buffer.byteLength(header.key) + (header.value?.length ?? 0);
  }
  return bytes;
}

/** The batches of one partition that are not settled: waiting (in order) and in flight. */
export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  /** Not yet sent, or back for a retry; sorted by `order`; the last may be open. */
  readonly pending: ProducerBatch[];
  readonly inFlight: PartitionInFlight;
  nextOrder: number;
  /**
   * Batches may grow to backlogBatchSize while the partition is behind; false once the leader
   * refused a grown batch as too large (the topic's max.message.bytes is below it).
   */
  growth: boolean;
}

export interface AccumulatorOptions {
  readonly batchSize: number;
  /** What a batch may grow to while its partition is behind (see `append`); >= batchSize. */
  readonly backlogBatchSize: number;
  readonly lingerMs: number;
  /** Called when a batch of `bytes` closes, so the sticky partitioner can move on (KIP-480, KIP-794). */
  readonly onBatchClosed: (topic: string, partition: number, bytes: number) => void;
}

/**
 * Kafka's RecordAccumulator: records of a partition join its open batch until the batch holds
 * batch.size bytes (then it closes and is ready at once) or it has waited linger.ms since its
 * first record. `ready` hands the sender what may go out now, in order and within the
 * partition's in-flight room; retried batches come back with `requeue` in their original place.
 */
export class Accumulator {
  readonly #options: AccumulatorOptions;
  /** Per topic, the queues by partition index (looked up per record: no string key built). */
  readonly #queuesByTopic = new Map<string, PartitionQueue[]>();
  /** Every queue, in creation order. */
  readonly #queues: PartitionQueue[] = [];

  constructor(options: AccumulatorOptions) {
    this.#options = options;
  }

  queue(topic: string, partition: number): PartitionQueue {
    let partitions = this.#queuesByTopic.get(topic);
    if (partitions === undefined) {
      partitions = [];
      this.#queuesByTopic.set(topic, partitions);
    }
    let queue = partitions[partition];
    if (queue === undefined) {
      queue = {
        topic,
        partition,
        pending: [],
        inFlight: new PartitionInFlight(),
        nextOrder: 0,
        growth: true,
      };
      partitions[partition] = queue;
      this.#queues.push(queue);
    }
    return queue;
  }

  queues(): IterableIterator<PartitionQueue> {
    return this.#queues.values();
  }

  /**
   * Adds a record to the partition's open batch (a new one when there is none, it is full, or it
   * was made for other acks or compression). With `abortOnNewBatch` (a sticky, keyless record),
   * a record that would start a new batch is not added: the full batch is closed (so the sticky
   * partition moves on) and "aborted" tells the caller to choose the partition again (Kafka's
   * abortOnNewBatch).
   *
   * A batch is full at batch.size, except while its partition is behind: a batch is in flight and
   * a full batch waits ahead of this one. Then this one cannot go out before an answer comes back
   * anyway, and it takes records up to backlogBatchSize: at saturation the cluster gets fewer,
   * larger batches (the brokers' work is mostly per batch), and below it nothing changes.
   */
  append(options: {
    topic: string;
    partition: number;
    acks: Acks;
    compression: CompressionCodec;
    record: PendingRecord;
    nowMs: number;
    abortOnNewBatch: boolean;
  }): "appended" | "aborted" {
    const queue = this.queue(options.topic, options.partition);
    let open = queue.pending.at(-1);
    const batchSize = this.#fullAtBytes(queue);
    if (
      open !== undefined &&
      !open.closed &&
      (open.acks !== options.acks ||
        open.compression !== options.compression ||
        (open.records.length > 0 && open.bytes + options.record.bytes > batchSize))
    ) {
      this.#close(open);
      if (options.abortOnNewBatch) return "aborted";
    }
    if (open === undefined || open.closed) {
      open = new ProducerBatch({
        topic: options.topic,
        partition: options.partition,
        acks: options.acks,
        compression: options.compression,
        order: queue.nextOrder++,
        createdMs: options.nowMs,
      });
      queue.pending.push(open);
    }
    open.records.push(options.record);
    open.bytes += options.record.bytes;
    if (open.bytes >= batchSize) this.#close(open);
    return "appended";
  }

  /** The size at which the partition's open batch is full now (see `append`). */
  #fullAtBytes(queue: PartitionQueue): number {
    const behind =
      queue.growth &&
      queue.inFlight.batches.size > 0 &&
      queue.pending.length > 0 &&
      (queue.pending[0] as ProducerBatch).closed;
    return behind ? this.#options.backlogBatchSize : this.#options.batchSize;
  }

  /**
   * Splits a batch the leader refused as too large (certainly not appended) into batches of at
   * most batch.size, in its place (Kafka's splitAndReenqueue): `batch` keeps the first records and
   * its sequence, the new parts follow it (later batches move back in the order), each with the
   * sequence of its first record when the batch had one. The partition's batches stop growing.
   * Returns the new parts, to be put back with `requeue`.
   */
  split(batch: ProducerBatch): ProducerBatch[] {
    const queue = this.queue(batch.topic, batch.partition);
    queue.growth = false;
    const groups: PendingRecord[][] = [];
    let groupBytes = 0;
    for (const record of batch.records) {
      const group = groups.at(-1);
      if (group === undefined || groupBytes + record.bytes > this.#options.batchSize) {
        groups.push([record]);
        groupBytes = record.bytes;
      } else {
        group.push(record);
        groupBytes += record.bytes;
      }
    }
    if (groups.length <= 1) return [];
    const shift = groups.length - 1;
    for (const other of [...queue.pending, ...queue.inFlight.batches]) {
      if (other.order > batch.order) other.order += shift;
    }
    queue.nextOrder += shift;
    let sequence = batch.baseSequence;
    const parts = groups.map((records, index) => {
      const part =
        index === 0
          ? batch
          : new ProducerBatch({
              topic: batch.topic,
              partition: batch.partition,
              acks: batch.acks,
              compression: batch.compression,
              order: batch.order + index,
              createdMs: batch.createdMs,
            });
      part.replaceRecords(records);
      part.closed = true;
      part.attempts = batch.attempts;
      part.baseSequence = sequence;
      if (sequence >= 0) sequence = wrapSequence(sequence + records.length);
      return part;
    });
    batch.addParts(parts.slice(1));
    return parts.slice(1);
  }

  /**
   * The batches that may be sent now, per partition in order: the head of the queue while it is
   * closed, has lingered, or a flush asked for it, is past its retry backoff, and the partition
   * has in-flight room. The caller takes each one it sends with `take`.
   *
   * An open batch (not full) also waits while an earlier batch of its partition is in flight or
   * goes out in this pass: records that arrive meanwhile join it, and it goes out with them when
   * the answer comes (or once it is full). A leader commits a partition's requests one
   * group-commit round after another (its fsync, then a follower's), so a small batch sent behind
   * one in flight is not acknowledged much sooner than if it had waited, but it costs a request,
   * a round and fsyncs of its own on every replica. With linger.ms 0 that filled every in-flight
   * slot with a few records each: 2–3× the requests and fsyncs of linger.ms 5 for the same
   * records, and a slower p50. Full batches still go out up to max.in.flight, so saturation
   * throughput is unchanged; a flush sends open batches at once.
   */
  ready(nowMs: number, flushing: boolean, maxInFlight: number): ProducerBatch[] {
    const ready: ProducerBatch[] = [];
    for (const queue of this.#queues.values()) {
      let room = queue.inFlight.room(maxInFlight, queue.pending[0]?.order ?? 0);
      let ahead = queue.inFlight.batches.size;
      for (const batch of queue.pending) {
        if (room <= 0 || !this.#isReady(batch, nowMs, flushing)) break;
        if (!batch.closed && !flushing && ahead > 0) break;
        ready.push(batch);
        room -= 1;
        ahead += 1;
      }
    }
    return ready;
  }

  /**
   * The earliest future time a partition's head batch becomes ready (linger or backoff end);
   * Infinity when none. Partitions without in-flight room, and open batches behind one in flight
   * (see `ready`), are left out: an answer wakes them.
   */
  nextReadyMs(nowMs: number, maxInFlight: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const queue of this.#queues.values()) {
      const head = queue.pending[0];
      if (head === undefined || queue.inFlight.room(maxInFlight, head.order) === 0) continue;
      if (!head.closed && queue.inFlight.batches.size > 0) continue;
      const lingerEndsMs = head.closed ? 0 : head.createdMs + this.#options.lingerMs;
      const readyMs = Math.max(lingerEndsMs, head.retryNotBeforeMs);
      if (readyMs > nowMs) earliest = Math.min(earliest, readyMs);
    }
    return earliest;
  }

  /**
   * Closes `batch` to appends: its records are about to be encoded, and the bytes are kept for
   * every attempt, so a record added after would be answered with the batch's outcome without
   * being in what was sent.
   */
  seal(batch: ProducerBatch): void {
    if (!batch.closed) this.#close(batch);
  }

  /** Moves a ready batch from its queue to in flight (closing it). */
  take(batch: ProducerBatch): PartitionQueue {
    const queue = this.queue(batch.topic, batch.partition);
    const index = queue.pending.indexOf(batch);
    if (index < 0) throw new Error(`Accumulator: batch ${batch.topic}-${batch.partition} is not pending`);
    queue.pending.splice(index, 1);
    if (!batch.closed) this.#close(batch);
    queue.inFlight.batches.add(batch);
    return queue;
  }

  /** Puts a batch back for another attempt, in its place by creation order. */
  requeue(batch: ProducerBatch): void {
    const queue = this.queue(batch.topic, batch.partition);
    queue.inFlight.batches.delete(batch);
    const at = queue.pending.findIndex((other) => other.order > batch.order);
    if (at < 0) queue.pending.push(batch);
    else queue.pending.splice(at, 0, batch);
  }

  /** Removes a settled batch from wherever it is. */
  remove(batch: ProducerBatch): void {
    const queue = this.queue(batch.topic, batch.partition);
    queue.inFlight.batches.delete(batch);
    const index = queue.pending.indexOf(batch);
    if (index >= 0) queue.pending.splice(index, 1);
  }

  /** Every unsettled batch (pending and in flight). */
  *batches(): IterableIterator<ProducerBatch> {
    for (const queue of this.#queues.values()) {
      yield* queue.pending;
      yield* queue.inFlight.batches;
    }
  }

  #isReady(batch: ProducerBatch, nowMs: number, flushing: boolean): boolean {
    if (batch.retryNotBeforeMs > nowMs) return false;
    return batch.closed || flushing || nowMs - batch.createdMs >= this.#options.lingerMs;
  }

  #close(batch: ProducerBatch): void {
    batch.closed = true;
    this.#options.onBatchClosed(batch.topic, batch.partition, batch.bytes);
  }
}
