import type { Channel } from "node:diagnostics_channel";
import { type BrokerV1, isRillError, RillError } from "@rill/protocol";
import type { ConnectionPool } from "../connection/connection-pool.js";
import type { DataClient } from "../data/data-client.js";
import type { IsolationLevel } from "../data/data-types.js";
import { decideForPartition, partitionError } from "../data/routing.js";
import { type FetchedBatch, lazyRecordsFrom, readFetchedBatches } from "../records/lazy-records.js";
import { Backoff } from "../retry/backoff.js";
import type { Clock } from "../retry/clock.js";
import { Deadline } from "../retry/deadline.js";
import { BrokerFetchStream, type BrokerFetchStreamEvents } from "./broker-fetch-stream.js";
import type { AutoOffsetReset } from "./consumer-types.js";
import { resetPositionFor, resolveStartOffset } from "./offset-reset.js";
import { type PartitionState, partitionKey } from "./partition-state.js";
import type { PrefetchBuffer } from "./prefetch-buffer.js";

/** What is published on `rill:consumer:fetch` for every push that carried records or errors. */
export interface ConsumerFetchEvent {
  readonly brokerId: number;
  readonly recordBytes: number;
  readonly records: number;
  readonly partitions: number;
  readonly errors: readonly string[];
}

export interface FetcherOptions {
  readonly data: DataClient;
  readonly pool: ConnectionPool;
  readonly clock: Clock;
  readonly buffer: PrefetchBuffer;
  readonly maxPartitionFetchBytes: number;
  readonly isolationLevel: IsolationLevel;
  readonly autoOffsetReset: AutoOffsetReset;
  readonly operationTimeoutMs: number;
  readonly fetchChannel: Channel;
  /** New records were buffered. */
  readonly onData: () => void;
  /** A partition cannot go on (OFFSET_OUT_OF_RANGE with reset "none", a non-retriable error). */
  readonly onFatal: (error: RillError) => void;
}

/**
 * A credit grant below this share of a stream's target is held back, so that a consumer that
 * frees a few bytes at a time does not send a credit message per record.
 */
const CREDIT_GRANT_FRACTION_MIN = 1 / 8;

/**
 * Keeps every fetchable partition on a FetchStream to its leader, and turns pushes into buffered
 * records. Routing follows the metadata cache; a partition whose broker says
 * NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH (or whose stream died) goes back to the routing
 * queue, which takes the leader hint or refreshes metadata and retries with backoff.
 * OFFSET_OUT_OF_RANGE applies autoOffsetReset. Credit: the sum of the buffer and all credit
 * outstanding never exceeds the buffer's capacity; each stream gets an equal share of it.
 */
export class Fetcher {
  readonly #options: FetcherOptions;
  readonly #streams = new Map<number, BrokerFetchStream>();
  /** Partitions waiting to be (re)routed, with how many attempts failed so far. */
  readonly #unrouted = new Map<string, { state: PartitionState; failures: number }>();
  readonly #backoff = new Backoff();
  readonly #events: BrokerFetchStreamEvents;
  #routing: Promise<void> | undefined;
  #routeTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: FetcherOptions) {
    this.#options = options;
    this.#events = {
      onPush: (stream, push) => this.#onPush(stream, push),
      onEnd: (stream, error) => this.#onStreamEnd(stream, error),
    };
  }

  /** Starts fetching `state` from its fetch position. */
  add(state: PartitionState): void {
    this.#detach(state);
    state.resyncing = true;
    // A fresh route: pushes for the partition from before were on a stream that dropped it.
    state.staleFromOffset = Number.POSITIVE_INFINITY;
    this.#unrouted.set(state.key, { state, failures: 0 });
    this.#routeSoon(0);
  }

  /** Stops fetching `state` (pause, unassign). */
  remove(state: PartitionState): void {
    this.#unrouted.delete(state.key);
    this.#detach(state);
    this.topUpCredit();
  }

  /** Restarts `state` at its (new) fetch position, on the same stream when it has one. */
  reposition(state: PartitionState): void {
    for (const stream of this.#streams.values()) {
      if (stream.partitions.has(state.key)) {
        const epoch = this.#epochOf(state);
        stream.assign(state, epoch);
        return;
      }
    }
    if (!this.#unrouted.has(state.key)) this.add(state);
  }

  /** Grants each stream credit up to its share of what the buffer has free. */
  topUpCredit(): void {
    // A stream left with no partitions (they moved to another leader, or were paused) would
    // keep its unused credit out of the pool: close it.
    for (const stream of [...this.#streams.values()]) {
      if (stream.partitions.size === 0) {
        stream.close();
        this.#streams.delete(stream.brokerId);
      }
    }
    const streams = [...this.#streams.values()];
    if (streams.length === 0) return;
    const capacity = this.#options.buffer.capacityBytes;
    let outstanding = 0;
    for (const stream of this.#streams.values()) outstanding += stream.outstandingCreditBytes;
    let free = capacity - this.#options.buffer.bufferedBytes - outstanding;
    // Credit granted cannot be taken back from a stream whose partitions stay idle, so a stream
    // alone must not take the whole budget: shares are cut for every broker that could lead a
    // partition of ours, leaving room for a stream opened later (a partition given back by a
    // group rebalance, a resume, a leader move); without that room the new stream never got
    // credit and its partition was never fetched.
    const brokers = this.#options.data.metadata.current().brokers.size;
    const share = Math.max(1, Math.floor(capacity / Math.max(streams.length, brokers)));
    for (const stream of streams) {
      if (free <= 0) return;
      const want = share - stream.outstandingCreditBytes;
      if (want < Math.max(1, Math.floor(share * CREDIT_GRANT_FRACTION_MIN))) continue;
      const grant = Math.min(want, free);
      stream.grant(grant);
      free -= grant;
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#routeTimer !== undefined) clearTimeout(this.#routeTimer);
    for (const stream of this.#streams.values()) stream.close();
    this.#streams.clear();
    this.#unrouted.clear();
  }

  #detach(state: PartitionState): void {
    for (const stream of this.#streams.values()) stream.remove(state);
  }

  #epochOf(state: PartitionState): number {
    const info = this.#options.data.metadata.current().topics.get(state.topic)?.partitions[state.partition];
    return info?.leaderEpoch ?? -1;
  }

  #routeSoon(delayMs: number): void {
    if (this.#closed || this.#routeTimer !== undefined) return;
    this.#routeTimer = setTimeout(() => {
      this.#routeTimer = undefined;
      if (this.#routing !== undefined) {
        // A pass is running; it reschedules itself if anything is left.
        return;
      }
      this.#routing = this.#routePass().finally(() => {
        this.#routing = undefined;
        if (this.#unrouted.size > 0) this.#routeSoon(this.#nextDelayMs());
      });
    }, delayMs);
  }

  #nextDelayMs(): number {
    let failures = 0;
    for (const entry of this.#unrouted.values()) failures = Math.max(failures, entry.failures);
    return failures === 0 ? 0 : this.#backoff.delayMs(failures);
  }

  /** Routes every waiting partition to its leader's stream; failures stay queued for a retry. */
  async #routePass(): Promise<void> {
    const metadata = this.#options.data.metadata;
    const entries = [...this.#unrouted.values()];
    for (const entry of entries) {
      if (this.#closed) return;
      const { state } = entry;
      if (this.#unrouted.get(state.key) !== entry) continue;
      try {
        const deadline = new Deadline(this.#options.clock, this.#options.operationTimeoutMs);
        const route = await metadata.leader(state.topic, state.partition, deadline);
        if (this.#closed || this.#unrouted.get(state.key) !== entry) continue;
        let stream = this.#streams.get(route.leaderId);
        if (stream !== undefined && stream.address !== route.address) {
          this.#retireStream(stream);
          stream = undefined;
        }
        if (stream === undefined) {
          stream = new BrokerFetchStream({
            brokerId: route.leaderId,
            address: route.address,
            pool: this.#options.pool,
            isolationLevel: this.#options.isolationLevel,
            partitionMaxBytes: this.#options.maxPartitionFetchBytes,
            events: this.#events,
          });
          this.#streams.set(route.leaderId, stream);
        }
        this.#unrouted.delete(state.key);
        stream.assign(state, route.leaderEpoch);
      } catch (error) {
        const rill = isRillError(error) ? error : new RillError("UNKNOWN_SERVER_ERROR", String(error));
        entry.failures += 1;
        metadata.invalidate(state.topic);
        if (
          !rill.retriable &&
          rill.errorName !== "BROKER_NOT_AVAILABLE" &&
          rill.errorName !== "REQUEST_TIMED_OUT"
        ) {
          this.#unrouted.delete(state.key);
          this.#options.onFatal(rill);
        }
      }
    }
    this.topUpCredit();
  }

  /** A stream whose broker moved address: its partitions go back to routing. */
  #retireStream(stream: BrokerFetchStream): void {
    stream.close();
    this.#streams.delete(stream.brokerId);
    for (const state of stream.partitions.values()) this.#unrouted.set(state.key, { state, failures: 0 });
  }

  #onStreamEnd(stream: BrokerFetchStream, _error: RillError | undefined): void {
    if (this.#streams.get(stream.brokerId) === stream) this.#streams.delete(stream.brokerId);
    if (this.#closed) return;
    for (const state of stream.partitions.values()) {
      this.#options.data.metadata.invalidate(state.topic);
      this.#unrouted.set(state.key, { state, failures: 1 });
    }
    stream.partitions.clear();
    this.#routeSoon(this.#nextDelayMs());
    this.topUpCredit();
  }

  #onPush(stream: BrokerFetchStream, push: BrokerV1.FetchStreamResponse__Output): void {
    let recordBytes = 0;
    let records = 0;
    let partitions = 0;
    const errors: string[] = [];
    let buffered = false;
    for (const topic of push.responses) {
      for (const data of topic.partitions) {
        const size = data.records.length;
        recordBytes += size;
        stream.received(size);
        partitions += 1;
        const state = stream.partitions.get(partitionKey(topic.topic, data.partitionIndex));
        if (state === undefined) continue; // removed meanwhile: the bytes just return to the credit pool
        if (data.errorCode !== 0) {
          stream.forget(state);
          const error = partitionError(
            data.errorCode,
            data.errorMessage,
            topic.topic,
            data.partitionIndex,
            data.currentLeader,
          );
          errors.push(error.errorName);
          this.#onPartitionError(state, error);
          continue;
        }
        const accepted = this.#accept(state, data);
        records += accepted;
        buffered ||= accepted > 0;
      }
    }
    if (this.#options.fetchChannel.hasSubscribers && (recordBytes > 0 || errors.length > 0)) {
      const event: ConsumerFetchEvent = {
        brokerId: stream.brokerId,
        recordBytes,
        records,
        partitions,
        errors,
      };
      this.#options.fetchChannel.publish(event);
    }
    if (buffered) this.#options.onData();
    this.topUpCredit();
  }

  /** Buffers the new records of one partition's push; returns how many. */
  #accept(state: PartitionState, data: BrokerV1.FetchPartitionData__Output): number {
    state.highWatermark = Math.max(state.highWatermark, Number(data.highWatermark));
    if (data.records.length === 0) return 0;
    const batches = readFetchedBatches(data.records);
    const first = batches[0];
    if (first === undefined) return 0;
    if (state.resyncing) {
      // The first push read from the new position holds the batch that contains it (or the next
      // one, past a compacted gap); pushes from before a seek start at the old position.
      if (first.header.baseOffset > state.fetchPosition && first.header.baseOffset >= state.staleFromOffset) {
        return 0;
      }
      state.resyncing = false;
    }
    // Records decoded on demand (see records/lazy-records.ts): a reader that only counts them or
    // reads their values pays for nothing else.
    const records = lazyRecordsFrom(state, data.records, batches, state.fetchPosition);
    const last = batches[batches.length - 1] as FetchedBatch;
    state.fetchPosition = Math.max(state.fetchPosition, last.header.lastOffset + 1);
    if (records.length === 0) return 0;
    this.#options.buffer.push(state, {
      records,
      bytes: data.records.length,
      highWatermark: state.highWatermark,
      next: 0,
    });
    return records.length;
  }

  #onPartitionError(state: PartitionState, error: RillError): void {
    if (error.errorName === "OFFSET_OUT_OF_RANGE") {
      void this.#resetOffset(state, error);
      return;
    }
    const decision = decideForPartition(this.#options.data.metadata, state.topic, state.partition, error);
    if (decision === "fail") {
      this.#options.onFatal(error);
      return;
    }
    this.#unrouted.set(state.key, { state, failures: decision === "redirect" ? 0 : 1 });
    this.#routeSoon(this.#nextDelayMs());
  }

  /** autoOffsetReset: move to the log start or end, or stop the consumer with a typed error. */
  async #resetOffset(state: PartitionState, cause: RillError): Promise<void> {
    const generation = state.generation;
    try {
      const target = resetPositionFor(
        this.#options.autoOffsetReset,
        state.topic,
        state.partition,
        state.fetchPosition,
        cause,
      );
      const offset = await resolveStartOffset(
        {
          data: this.#options.data,
          isolationLevel: this.#options.isolationLevel,
          timeoutMs: this.#options.operationTimeoutMs,
        },
        state.topic,
        state.partition,
        target,
      );
      if (this.#closed || state.generation !== generation) return; // sought meanwhile
      this.#options.buffer.drop(state);
      state.reposition(offset);
      if (!state.paused) this.add(state);
    } catch (error) {
      this.#options.onFatal(
        isRillError(error) ? error : new RillError("UNKNOWN_SERVER_ERROR", String(error)),
      );
    }
  }
}
