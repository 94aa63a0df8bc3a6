import type { ClientDuplexStream } from "@grpc/grpc-js";
import { createReplicationClient, fromGrpcError, type ReplicationV1, RillError } from "@rill/protocol";
import { type NodeId, type Offset, offset, UNDEFINED_EPOCH_OFFSET } from "@rill/protocol/ids";
import type { PartitionFollower } from "@rill/replication";
import { type FollowerFetchResponse, UNDEFINED_EPOCH } from "@rill/replication";
import type { FollowerFetchData, PartitionReplica } from "./partition-replica.js";
import { waitForAny } from "./partition-signal.js";
import type { ReplicaDirectory } from "./replica-directory.js";

/** How long an idle fetcher (no partition ready to fetch) waits before it looks again. */
export const FETCHER_IDLE_RECHECK_MS = 200;

type FetchStream = ClientDuplexStream<
  ReplicationV1.FollowerFetchRequest,
  ReplicationV1.FollowerFetchResponse__Output
>;

interface RoundEntry {
  readonly replica: PartitionReplica;
  readonly follower: PartitionFollower;
}

/**
 * Kafka's ReplicaFetcherThread for one leader broker: one FollowerFetch stream to it that
 * carries every partition this broker follows there. A round asks for all of them at once
 * (fetch offset, last fetched epoch, durable offset); the answer is applied partition by
 * partition (append, truncate), and the next round starts as soon as the appends are written,
 * pipelined with their fsync (at most one round ahead of the fsyncs). When that fsync completes,
 * a progress report on the same stream tells the leader the new durable offsets at once (its
 * high watermark counts only durable offsets), so a commit costs one follower write + fsync, not
 * a further round.
 * A broken or silent stream is dropped and reopened with exponential backoff; the leader's
 * address is read from the image on every reconnect.
 */
export class FollowerFetcher {
  readonly leaderId: NodeId;
  readonly #directory: ReplicaDirectory;
  readonly #leaderAddress: () => string | undefined;
  readonly #stopping = new AbortController();
  /** Partitions that answered with an error sit out rounds until this time (ms). */
  readonly #backoffUntil = new Map<PartitionReplica, number>();
  #running: Promise<void> | undefined;
  #fetchId = 0;

  constructor(options: {
    leaderId: NodeId;
    directory: ReplicaDirectory;
    leaderAddress: () => string | undefined;
  }) {
    this.leaderId = options.leaderId;
    this.#directory = options.directory;
    this.#leaderAddress = options.leaderAddress;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const config = this.#directory.config;
    let backoffMs = config.replicaFetchBackoffMs;
    while (!this.#stopping.signal.aborted) {
      const address = this.#leaderAddress();
      if (address !== undefined) {
        // A private subchannel: grpc-js would otherwise share one with earlier channels to this
        // address, and one in reconnect backoff (the leader restarted) fails the new stream at once.
        const client = createReplicationClient(address, {
          extra: {
            "grpc.use_local_subchannel_pool": 1,
            "grpc.max_reconnect_backoff_ms": config.replicaFetchBackoffMaxMs,
          },
        });
        const stream = client.FollowerFetch();
        try {
          const progressed = await this.#session(stream);
          if (progressed) backoffMs = config.replicaFetchBackoffMs;
        } catch (error) {
          if (!this.#stopping.signal.aborted) {
            const rill = error instanceof RillError ? error : fromGrpcError(error);
            this.#directory.logger.warn(
              { leaderId: this.leaderId, address, error: rill.errorName, message: rill.message },
              "follower fetch stream failed; reconnecting",
            );
          }
        } finally {
          stream.cancel();
          client.close();
        }
      }
      if (this.#stopping.signal.aborted) break;
      await waitForAny([], backoffMs, this.#stopping.signal);
      backoffMs = Math.min(backoffMs * 2, config.replicaFetchBackoffMaxMs);
    }
  }

  /** Runs rounds on one stream until it fails or the fetcher stops; true if a round completed. */
  async #session(stream: FetchStream): Promise<boolean> {
    const config = this.#directory.config;
    const reader = new StreamReader(stream);
    const reporter = new ProgressReporter(this.#directory, stream);
    try {
      return await this.#rounds(stream, reader, reporter, config);
    } finally {
      reporter.close();
    }
  }

  async #rounds(
    stream: FetchStream,
    reader: StreamReader<ReplicationV1.FollowerFetchResponse__Output>,
    reporter: ProgressReporter,
    config: ReplicaDirectory["config"],
  ): Promise<boolean> {
    let progressed = false;
    /** The fsync of the previous round's appends (settles, never rejects). */
    let previousDurable: Promise<unknown> | undefined;
    while (!this.#stopping.signal.aborted) {
      const entries = this.#roundEntries();
      if (entries.length === 0) {
        await waitForAny([this.#directory.rolesChanged], FETCHER_IDLE_RECHECK_MS, this.#stopping.signal);
        continue;
      }
      const request = this.#buildRequest(entries);
      reporter.sent(entries);
      stream.write(request);
      const stopAsking = this.#askAnswerOnNewPartition(stream, entries);
      let response: ReplicationV1.FollowerFetchResponse__Output | undefined;
      try {
        response = await reader.next(
          config.replicaFetchWaitMaxMs + config.replicaFetchResponseTimeoutMs,
          this.#stopping.signal,
        );
      } finally {
        stopAsking();
      }
      if (response === undefined) return progressed;
      const receivedMs = this.#directory.trace.now();
      if (response.fetchId !== request.fetchId) {
        throw new RillError(
          "INVALID_REQUEST",
          `answer to fetch ${response.fetchId}, expected ${request.fetchId}`,
        );
      }
      const durables = await this.#applyRound(entries, response, receivedMs);
      // Not awaited: the next round goes out now, and the fsync reports itself when done.
      const durable = durables.length > 0 ? Promise.all(durables) : undefined;
      if (durable !== undefined) void durable.then(() => reporter.report(entries));
      // At most one round runs ahead of the fsyncs: under load a round then carries what the
      // leader appended during an fsync (one round per fsync, as group commit batches), instead of
      // one small round per leader append; when idle the previous fsync is long done.
      if (previousDurable !== undefined) await this.#settledWithin(previousDurable, config);
      previousDurable = durable;
      progressed = true;
    }
    return progressed;
  }

  /** Waits for `durable`, but a stuck fsync must not stall replication: at most the response timeout. */
  async #settledWithin(durable: Promise<unknown>, config: ReplicaDirectory["config"]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      durable,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, config.replicaFetchResponseTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * While a round is out: once this fetcher can fetch a partition the round does not carry (a
   * restarted broker starts following its partitions one after another, as their logs open), asks
   * the leader to answer the round now (a progress report naming no partition) rather than hold it
   * up to replica.fetch.wait.max.ms for data of the others: the new partition goes out in the next
   * round at once. At most once per round; returns the function that stops watching.
   */
  #askAnswerOnNewPartition(stream: FetchStream, entries: readonly RoundEntry[]): () => void {
    const inRound = new Set(entries.map((entry) => entry.replica));
    let unsubscribe: () => void = () => undefined;
    const check = (): void => {
      const nowMs = this.#directory.clock();
      const added = this.#directory
        .followersOf(this.leaderId)
        .some((replica) => !inRound.has(replica) && (this.#backoffUntil.get(replica) ?? 0) <= nowMs);
      if (!added) {
        unsubscribe = this.#directory.rolesChanged.subscribe(check);
        return;
      }
      if (stream.destroyed || stream.writableEnded) return;
      stream.write({
        fetchId: 0,
        replicaId: this.#directory.brokerId,
        brokerEpoch: this.#directory.brokerEpoch(),
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 0,
        topics: [],
        progressOnly: true,
      });
    };
    check();
    return () => unsubscribe();
  }

  #roundEntries(): RoundEntry[] {
    const nowMs = this.#directory.clock();
    const entries: RoundEntry[] = [];
    for (const replica of this.#directory.followersOf(this.leaderId)) {
      const until = this.#backoffUntil.get(replica);
      if (until !== undefined && until > nowMs) continue;
      this.#backoffUntil.delete(replica);
      const follower = replica.readyFollower();
      if (follower !== undefined) entries.push({ replica, follower });
    }
    return entries;
  }

  #buildRequest(entries: readonly RoundEntry[]): ReplicationV1.FollowerFetchRequest {
    const config = this.#directory.config;
    const byTopic = new Map<string, ReplicationV1.FollowerFetchTopic>();
    for (const { replica, follower } of entries) {
      const fetch = follower.fetchRequest(config.replicaFetchPartitionBytesMax);
      let topic = byTopic.get(replica.topic);
      if (topic === undefined) {
        topic = { topicId: replica.topicId, topic: replica.topic, partitions: [] };
        byTopic.set(replica.topic, topic);
      }
      (topic.partitions as ReplicationV1.FollowerFetchPartition[]).push({
        partition: replica.partition,
        currentLeaderEpoch: fetch.currentLeaderEpoch,
        fetchOffset: fetch.fetchOffset,
        lastFetchedEpoch: fetch.lastFetchedEpoch ?? UNDEFINED_EPOCH,
        logStartOffset: replica.log.logStartOffset,
        partitionMaxBytes: fetch.maxBytes,
        durableOffset: fetch.durableOffset,
      });
    }
    this.#fetchId += 1;
    return {
      fetchId: this.#fetchId,
      replicaId: this.#directory.brokerId,
      brokerEpoch: this.#directory.brokerEpoch(),
      maxWaitMs: config.replicaFetchWaitMaxMs,
      minBytes: config.replicaFetchMinBytes,
      maxBytes: config.replicaFetchResponseBytesMax,
      topics: [...byTopic.values()],
      progressOnly: false,
    };
  }

  /** Applies the answer; returns the appends' durability promises (they never reject). */
  async #applyRound(
    entries: readonly RoundEntry[],
    response: ReplicationV1.FollowerFetchResponse__Output,
    receivedMs: number,
  ): Promise<Promise<void>[]> {
    const byKey = new Map<string, ReplicationV1.FollowerFetchPartitionData__Output>();
    for (const topic of response.topics) {
      for (const partition of topic.partitions)
        byKey.set(`${topic.topic}\u0000${partition.partition}`, partition);
    }
    const durables: Promise<void>[] = [];
    for (const { replica, follower } of entries) {
      const data = byKey.get(`${replica.topic}\u0000${replica.partition}`);
      if (data === undefined) continue;
      let outcome: Awaited<ReturnType<PartitionReplica["applyFollowerFetch"]>>;
      try {
        outcome = await replica.applyFollowerFetch(follower, toFollowerData(data, receivedMs));
      } catch (error) {
        this.#backoff(replica, error);
        continue;
      }
      if (outcome.kind === "stale") continue;
      if (outcome.durable !== undefined)
        this.#directory.traffic.recordIn(replica.topic, "replication", data.records);
      if (outcome.durable !== undefined) durables.push(outcome.durable.catch(() => undefined));
      if (outcome.action.kind === "backoff") this.#backoff(replica, outcome.action.error);
    }
    return durables;
  }

  #backoff(replica: PartitionReplica, error: unknown): void {
    const config = this.#directory.config;
    this.#backoffUntil.set(replica, this.#directory.clock() + config.replicaFetchBackoffMs);
    this.#directory.logger.debug(
      {
        topic: replica.topic,
        partition: replica.partition,
        leaderId: this.leaderId,
        error: error instanceof RillError ? error.errorName : String(error),
      },
      "follower fetch of a partition backs off",
    );
  }
}

/**
 * Sends a progress report (`progress_only`) on the session's stream when appends become durable:
 * the position of every partition whose durable offset moved past what the leader last heard
 * (by a round or a report). Reports of fsyncs that complete together are one message; nothing is
 * sent once the session ended.
 */
class ProgressReporter {
  readonly #directory: ReplicaDirectory;
  readonly #stream: FetchStream;
  /** The durable offset last sent per follower (a new follower object starts afresh). */
  readonly #durableSent = new WeakMap<PartitionFollower, number>();
  #open = true;

  constructor(directory: ReplicaDirectory, stream: FetchStream) {
    this.#directory = directory;
    this.#stream = stream;
  }

  /** A round carrying these partitions' current durable offsets is being sent. */
  sent(entries: readonly RoundEntry[]): void {
    for (const { replica, follower } of entries) {
      if (replica.readyFollower() === follower)
        this.#durableSent.set(follower, replica.replicaLog.flushedOffset());
    }
  }

  report(entries: readonly RoundEntry[]): void {
    if (!this.#open) return;
    const byTopic = new Map<string, ReplicationV1.FollowerFetchTopic>();
    for (const { replica, follower } of entries) {
      if (replica.readyFollower() !== follower) continue;
      const fetch = follower.fetchRequest(0);
      if (fetch.durableOffset <= (this.#durableSent.get(follower) ?? -1)) continue;
      this.#durableSent.set(follower, fetch.durableOffset);
      let topic = byTopic.get(replica.topic);
      if (topic === undefined) {
        topic = { topicId: replica.topicId, topic: replica.topic, partitions: [] };
        byTopic.set(replica.topic, topic);
      }
      (topic.partitions as ReplicationV1.FollowerFetchPartition[]).push({
        partition: replica.partition,
        currentLeaderEpoch: fetch.currentLeaderEpoch,
        fetchOffset: fetch.fetchOffset,
        lastFetchedEpoch: fetch.lastFetchedEpoch ?? UNDEFINED_EPOCH,
        logStartOffset: replica.log.logStartOffset,
        partitionMaxBytes: 0,
        durableOffset: fetch.durableOffset,
      });
    }
    if (byTopic.size === 0) return;
    // A stream that failed meanwhile is reported by the session's read; a report is only a hint
    // sooner than the next round, so losing it loses nothing.
    if (this.#stream.destroyed || this.#stream.writableEnded) return;
    this.#stream.write({
      fetchId: 0,
      replicaId: this.#directory.brokerId,
      brokerEpoch: this.#directory.brokerEpoch(),
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 0,
      topics: [...byTopic.values()],
      progressOnly: true,
    });
  }

  close(): void {
    this.#open = false;
  }
}

/**
 * An offset of the leader's answer, branded where it is decoded. The leader writes -1 for the
 * positions of an answer it could not compute (an unknown partition, a malformed request) and for
 * "no such epoch" in a diverging epoch: that stays the one sentinel, UNDEFINED_EPOCH_OFFSET.
 */
function wirePosition(value: number): Offset {
  return value < 0 ? UNDEFINED_EPOCH_OFFSET : offset(value);
}

function toFollowerData(
  data: ReplicationV1.FollowerFetchPartitionData__Output,
  receivedMs: number,
): FollowerFetchData {
  const position = {
    highWatermark: wirePosition(data.highWatermark),
    logStartOffset: wirePosition(data.logStartOffset),
    logEndOffset: wirePosition(data.logEndOffset),
  };
  let response: FollowerFetchResponse;
  if (data.errorCode !== 0) {
    response = {
      kind: "error",
      error: RillError.fromCode(data.errorCode, data.errorMessage),
      ...position,
    };
  } else if (data.divergingEpoch !== null) {
    response = {
      kind: "diverging",
      divergingEpoch: {
        epoch: data.divergingEpoch.epoch,
        endOffset: wirePosition(data.divergingEpoch.endOffset),
      },
      ...position,
    };
  } else {
    response = { kind: "read", ...position };
  }
  return { ...response, records: data.records, receivedMs };
}

/**
 * Reads a client stream's messages one at a time with a deadline. Resolves undefined when the
 * stream ended or `abort` fired; rejects on a stream error or when no message came in time.
 */
class StreamReader<T> {
  readonly #queue: T[] = [];
  #ended = false;
  #failure: unknown;
  #wake: (() => void) | undefined;

  constructor(stream: ClientDuplexStream<ReplicationV1.FollowerFetchRequest, T>) {
    stream.on("data", (message: T) => {
      this.#queue.push(message);
      this.#wake?.();
    });
    stream.on("end", () => {
      this.#ended = true;
      this.#wake?.();
    });
    stream.on("error", (error: unknown) => {
      this.#failure = error;
      this.#ended = true;
      this.#wake?.();
    });
  }

  async next(timeoutMs: number, abort: AbortSignal): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.#queue.shift();
      if (message !== undefined) return message;
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#ended || abort.aborted) return undefined;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new RillError("REQUEST_TIMED_OUT", `no fetch answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, remaining);
        function finish(): void {
          clearTimeout(timer);
          abort.removeEventListener("abort", finish);
          resolve();
        }
        this.#wake = finish;
        abort.addEventListener("abort", finish, { once: true });
      });
      this.#wake = undefined;
    }
  }
}
