import {
  bidiStreamHandler,
  encodeFollowerFetchResponse,
  type FollowerFetchPartitionFrame,
  type FollowerFetchResponseFrame,
  GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  type HandlerOptions,
  PreEncodedMessage,
  type ReplicationV1,
  RillError,
  unaryHandler,
  writeMessage,
} from "@rill/protocol";
import {
  decodeNodeId,
  decodeOffset,
  type LeaderEpoch,
  type NodeId,
  type Offset,
  UNDEFINED_EPOCH,
} from "@rill/protocol/ids";
import { INTER_BROKER, partitionErrorFields } from "./partition-errors.js";
import { asRillError } from "./partition-replica.js";
import { ArmedWake, PartitionSignal } from "./partition-signal.js";
import { THROTTLE_RECHECK_MS } from "./reassignment-throttle.js";
import type { ReplicaDirectory } from "./replica-directory.js";
import { decodeLeaderEpoch, decodeOptionalLeaderEpoch } from "./wire-epoch.js";

type ReplicationHandlers = {
  FollowerFetch: ReplicationV1.ReplicationServiceHandlers["FollowerFetch"];
  OffsetForLeaderEpoch: ReplicationV1.ReplicationServiceHandlers["OffsetForLeaderEpoch"];
};

const EMPTY_RECORDS: readonly Uint8Array[] = [];

interface RoundResult {
  readonly topics: FollowerFetchResponseFrame["topics"][number][];
  readonly recordBytes: number;
  /** The records read per topic (for the traffic metrics, counted once the round is answered). */
  readonly served: readonly { readonly topic: string; readonly chunks: readonly Uint8Array[] }[];
  /** Some partition answered with an error or a divergence: answer at once. */
  readonly urgent: boolean;
  /** Some partition had records to send but its throttle allowed none yet: look again soon. */
  readonly throttled: boolean;
}

/**
 * The leader side of one follower fetch round: each partition goes through the leader core
 * (epoch checks, divergence, the follower's position and durable offset → high watermark and
 * ISR), then records are read from the log up to its end. With nothing to send the round is
 * held until a log it asks for grows or `max_wait_ms` passes (clamped to replicaFetchWaitMaxMs).
 * The answer carries the stored batches as they are, for the hand-written encoder.
 */
/** A FollowerFetch message with its replica id decoded where it arrived (serveFollowerStream). */
type FollowerFetchMessage = Omit<ReplicationV1.FollowerFetchRequest__Output, "replicaId"> & {
  readonly replicaId: NodeId;
};

/**
 * ANSWER_NOW: a progress report naming no partition asks for the follower's round held waiting for
 * data to be answered now. The follower sends it when it starts following another partition of
 * this leader while a round is out: that partition's first fetch waits for the answer, and a
 * round of idle partitions is held for replica.fetch.wait.max.ms (a restarted broker rejoined the
 * ISR up to 500 ms late). Kept until a round is answered, so that a request arriving before its
 * round is served is not lost; one arriving after costs one early answer. A leader that does not
 * know it finds nothing to apply in the report, as before.
 */
interface AnswerNow {
  requested: boolean;
  readonly asked: PartitionSignal;
}

async function serveRound(
  directory: ReplicaDirectory,
  request: FollowerFetchMessage,
  cancelled: AbortSignal,
  answerNow: AnswerNow,
): Promise<FollowerFetchResponseFrame> {
  const config = directory.config;
  const partitionCount = request.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  if (partitionCount > config.requestPartitionsMax) {
    throw new RillError(
      "INVALID_REQUEST",
      `${partitionCount} partitions in one fetch round exceed ${config.requestPartitionsMax}`,
    );
  }
  const registered = directory.image().brokers.get(request.replicaId);
  if (registered !== undefined && request.brokerEpoch > 0 && request.brokerEpoch < registered.brokerEpoch) {
    throw new RillError(
      "STALE_BROKER_EPOCH",
      `broker epoch ${request.brokerEpoch} < ${registered.brokerEpoch}`,
    );
  }
  const deadlineMs =
    directory.clock() + Math.max(0, Math.min(request.maxWaitMs, config.replicaFetchWaitMaxMs));
  for (;;) {
    // Armed before the read: an append while readRound awaits the log wakes the wait below
    // (subscribing after the read lost it, and the round slept max_wait_ms over new records).
    const signals: PartitionSignal[] = [answerNow.asked];
    for (const topic of request.topics) {
      for (const partition of topic.partitions) {
        const replica = directory.lookup(topic.topic, partition.partition);
        if (!(replica instanceof RillError)) signals.push(replica.appended);
      }
    }
    const appended = new ArmedWake(signals);
    const round = await readRound(directory, request);
    const waitMs = deadlineMs - directory.clock();
    if (
      round.urgent ||
      round.recordBytes >= request.minBytes ||
      waitMs <= 0 ||
      cancelled.aborted ||
      answerNow.requested
    ) {
      appended.cancel();
      answerNow.requested = false;
      for (const { topic, chunks } of round.served) {
        // Each chunk holds whole batches (the log reads by batch).
        for (const chunk of chunks) directory.traffic.recordOut(topic, "replication", chunk);
      }
      return { fetchId: request.fetchId, topics: round.topics };
    }
    // A throttled partition's tokens refill with time, not with appends: re-read at the
    // throttle's pace instead of holding the round for the whole max_wait_ms.
    await appended.wait(round.throttled ? Math.min(waitMs, THROTTLE_RECHECK_MS) : waitMs, cancelled);
  }
}

async function readRound(directory: ReplicaDirectory, request: FollowerFetchMessage): Promise<RoundResult> {
  const config = directory.config;
  let remaining = Math.min(
    request.maxBytes > 0 ? request.maxBytes : config.replicaFetchResponseBytesMax,
    config.replicaFetchResponseBytesMax,
    GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  );
  let recordBytes = 0;
  const served: { topic: string; chunks: readonly Uint8Array[] }[] = [];
  let urgent = false;
  let throttled = false;
  const topics: FollowerFetchResponseFrame["topics"][number][] = [];
  for (const topic of request.topics) {
    const partitions: FollowerFetchPartitionFrame[] = [];
    for (const partition of topic.partitions) {
      const errorData = (error: RillError): FollowerFetchPartitionFrame => ({
        partition: partition.partition,
        ...partitionErrorFields(directory.image(), INTER_BROKER, topic.topic, partition.partition, error),
        highWatermark: -1,
        logStartOffset: -1,
        logEndOffset: -1,
        divergingEpoch: null,
        records: EMPTY_RECORDS,
      });
      const replica = directory.lookup(topic.topic, partition.partition);
      if (replica instanceof RillError || (topic.topicId !== "" && replica.topicId !== topic.topicId)) {
        urgent = true;
        partitions.push(
          errorData(
            replica instanceof RillError
              ? replica
              : new RillError("UNKNOWN_TOPIC_OR_PARTITION", `topic id ${topic.topicId} is not current`),
          ),
        );
        continue;
      }
      const fetchPosition = decodeFollowerPosition(partition);
      if (fetchPosition instanceof RillError) {
        partitions.push(errorData(fetchPosition));
        continue;
      }
      const decision = replica.followerFetch({
        replicaId: request.replicaId,
        ...fetchPosition,
        maxBytes: Math.min(
          partition.partitionMaxBytes > 0
            ? partition.partitionMaxBytes
            : config.replicaFetchPartitionBytesMax,
          config.replicaFetchPartitionBytesMax,
          remaining,
        ),
      });
      const position = {
        highWatermark: decision.highWatermark,
        logStartOffset: decision.logStartOffset,
        logEndOffset: decision.logEndOffset,
      };
      if (decision.kind === "error") {
        urgent = true;
        partitions.push({ ...errorData(decision.error), ...position });
        continue;
      }
      if (decision.kind === "diverging") {
        urgent = true;
        partitions.push({
          partition: partition.partition,
          errorCode: 0,
          errorMessage: "",
          ...position,
          divergingEpoch: decision.divergingEpoch,
          records: EMPTY_RECORDS,
          currentLeader: null,
        });
        continue;
      }
      if (decision.throttled && decision.maxBytes === 0) {
        throttled ||= decision.fetchOffset < replica.log.logEndOffset;
      }
      let records = EMPTY_RECORDS;
      let bytes = 0;
      if (decision.maxBytes > 0 && decision.fetchOffset < replica.log.logEndOffset) {
        try {
          const read = await replica.log.readChunks(decision.fetchOffset, decision.maxBytes);
          records = read.chunks;
          bytes = read.byteLength;
        } catch (error) {
          urgent = true;
          partitions.push({ ...errorData(asRillError(error)), ...position });
          continue;
        }
        replica.activeLeader()?.recordBytesSent(request.replicaId, bytes, directory.clock());
      }
      remaining = Math.max(0, remaining - bytes);
      recordBytes += bytes;
      if (bytes > 0) served.push({ topic: topic.topic, chunks: records });
      partitions.push({
        partition: partition.partition,
        errorCode: 0,
        errorMessage: "",
        ...position,
        divergingEpoch: null,
        records,
        currentLeader: null,
      });
    }
    topics.push({ topicId: topic.topicId, topic: topic.topic, partitions });
  }
  return { topics, recordBytes, served, urgent, throttled };
}

async function handleOffsetForLeaderEpoch(
  directory: ReplicaDirectory,
  request: ReplicationV1.OffsetForLeaderEpochRequest__Output,
): Promise<ReplicationV1.OffsetForLeaderEpochResponse> {
  const topics: ReplicationV1.OffsetForLeaderTopicResult[] = [];
  for (const topic of request.topics) {
    const partitions: ReplicationV1.OffsetForLeaderPartitionResult[] = [];
    for (const partition of topic.partitions) {
      const replica = directory.lookup(topic.topic, partition.partition);
      const leader = replica instanceof RillError ? undefined : replica.activeLeader();
      // UNDEFINED_EPOCH asked is answered as the epoch cache answers it (undefined), as before.
      const requestedEpoch =
        partition.leaderEpoch === UNDEFINED_EPOCH
          ? UNDEFINED_EPOCH
          : decodeLeaderEpoch("leader_epoch", partition.leaderEpoch);
      const currentLeaderEpoch = decodeOptionalLeaderEpoch(
        "current_leader_epoch",
        partition.currentLeaderEpoch,
      );
      const answer =
        replica instanceof RillError
          ? replica
          : requestedEpoch instanceof RillError
            ? requestedEpoch
            : currentLeaderEpoch instanceof RillError
              ? currentLeaderEpoch
              : leader === undefined
                ? directory.notLeaderError(topic.topic, partition.partition)
                : leader.endOffsetForEpoch(requestedEpoch, currentLeaderEpoch);
      if (answer instanceof RillError) {
        partitions.push({
          partition: partition.partition,
          errorCode: answer.code,
          errorMessage: answer.message,
          leaderEpoch: -1,
          endOffset: -1,
        });
      } else {
        partitions.push({
          partition: partition.partition,
          errorCode: 0,
          errorMessage: "",
          leaderEpoch: answer.epoch,
          endOffset: answer.endOffset,
        });
      }
    }
    topics.push({ topic: topic.topic, partitions });
  }
  return { topics };
}

/**
 * Fetch rounds a follower may have queued on one stream. A follower keeps one round in flight;
 * the slack covers a round whose answer is still being written when the next one arrives.
 */
export const FOLLOWER_FETCH_ROUNDS_QUEUED_MAX = 4;

/**
 * A follower's progress report (`progress_only`): its position and durable offsets, applied at
 * once through the leader core — the high watermark moves and waiting produces and consumer
 * fetches complete on the follower's fsync, not on its next round. Nothing is answered; a
 * partition the report cannot apply to (an error, a divergence) is answered in the next round.
 */
function applyProgress(
  directory: ReplicaDirectory,
  request: FollowerFetchMessage,
  unacked: UnackedRounds,
): void {
  for (const topic of request.topics) {
    for (const partition of topic.partitions) {
      unacked.acknowledged(directory, topic.topic, partition.partition, partition.durableOffset);
      const replica = directory.lookup(topic.topic, partition.partition);
      if (replica instanceof RillError || (topic.topicId !== "" && replica.topicId !== topic.topicId))
        continue;
      const position = decodeFollowerPosition(partition);
      // An acknowledgement carries no answer: one with a malformed epoch or offset only moves nothing.
      if (position instanceof RillError) continue;
      replica.followerFetch({ replicaId: request.replicaId, ...position, maxBytes: 0 });
    }
  }
}

/**
 * A follower's position in one partition of its fetch (or of its durable report), decoded once:
 * the first malformed field's error otherwise. A fetch offset below zero is OFFSET_OUT_OF_RANGE
 * (as a consumer's), any other bad field INVALID_REQUEST.
 */
function decodeFollowerPosition(partition: {
  readonly currentLeaderEpoch: number;
  readonly lastFetchedEpoch: number;
  readonly fetchOffset: number;
  readonly durableOffset: number;
}):
  | {
      currentLeaderEpoch: LeaderEpoch;
      lastFetchedEpoch: LeaderEpoch | undefined;
      fetchOffset: Offset;
      durableOffset: Offset;
    }
  | RillError {
  const currentLeaderEpoch = decodeLeaderEpoch("current_leader_epoch", partition.currentLeaderEpoch);
  if (currentLeaderEpoch instanceof RillError) return currentLeaderEpoch;
  const lastFetchedEpoch = decodeOptionalLeaderEpoch("last_fetched_epoch", partition.lastFetchedEpoch);
  if (lastFetchedEpoch instanceof RillError) return lastFetchedEpoch;
  const fetchOffset = decodeOffset("fetch_offset", partition.fetchOffset, "OFFSET_OUT_OF_RANGE");
  if (fetchOffset instanceof RillError) return fetchOffset;
  const durableOffset = decodeOffset("durable_offset", partition.durableOffset);
  if (durableOffset instanceof RillError) return durableOffset;
  return { currentLeaderEpoch, lastFetchedEpoch, fetchOffset, durableOffset };
}

/**
 * For the `follower_ack` stage: per partition, the end offset and time of the oldest answered
 * round whose records the follower has not yet reported durable (one entry per partition: a
 * later round counts from the earlier one's time, as the records wait since then).
 */
class UnackedRounds {
  readonly #pending = new Map<string, { endOffset: number; answeredMs: number }>();

  answered(directory: ReplicaDirectory, frame: FollowerFetchResponseFrame): void {
    for (const topic of frame.topics) {
      for (const partition of topic.partitions) {
        if (partition.records.length === 0) continue;
        const key = `${topic.topic}\u0000${partition.partition}`;
        const pending = this.#pending.get(key);
        this.#pending.set(key, {
          endOffset: partition.logEndOffset,
          answeredMs: pending?.answeredMs ?? directory.trace.now(),
        });
      }
    }
  }

  acknowledged(directory: ReplicaDirectory, topic: string, partition: number, durableOffset: number): void {
    const key = `${topic}\u0000${partition}`;
    const pending = this.#pending.get(key);
    if (pending === undefined || durableOffset < pending.endOffset) return;
    directory.trace.since("follower_ack", pending.answeredMs);
    this.#pending.delete(key);
  }
}

/**
 * One follower's stream: progress reports are applied the moment they arrive, also while a
 * round is held waiting for data; rounds are served one at a time, in order.
 */
async function serveFollowerStream(
  directory: ReplicaDirectory,
  call: Parameters<typeof writeMessage<ReplicationV1.FollowerFetchResponse>>[0],
  messages: AsyncIterable<ReplicationV1.FollowerFetchRequest__Output>,
  cancelled: AbortController,
): Promise<void> {
  let queuedRounds = 0;
  const unacked = new UnackedRounds();
  const answerNow: AnswerNow = { requested: false, asked: new PartitionSignal() };
  let serving: Promise<void> = Promise.resolve();
  let roundFailure: { error: unknown } | undefined;
  // Wakes the read below when a round fails. A fresh promise per read (not a race against one
  // long-pending promise, which would collect a reaction per message for the stream's lifetime).
  let wakeOnFailure: () => void = () => undefined;
  const iterator = messages[Symbol.asyncIterator]();
  while (roundFailure === undefined) {
    const next = await new Promise<IteratorResult<ReplicationV1.FollowerFetchRequest__Output> | undefined>(
      (resolve, reject) => {
        wakeOnFailure = () => resolve(undefined);
        iterator.next().then(resolve, reject);
      },
    );
    if (next === undefined || next.done === true) break;
    // The replica id is branded once per message; a bad one ends the stream with INVALID_REQUEST.
    const request: FollowerFetchMessage = {
      ...next.value,
      replicaId: decodeNodeId("replica_id", next.value.replicaId),
    };
    if (request.progressOnly) {
      applyProgress(directory, request, unacked);
      if (request.topics.length === 0) {
        answerNow.requested = true;
        answerNow.asked.notify();
      }
      continue;
    }
    if (queuedRounds >= FOLLOWER_FETCH_ROUNDS_QUEUED_MAX) {
      throw new RillError(
        "INVALID_REQUEST",
        `more than ${FOLLOWER_FETCH_ROUNDS_QUEUED_MAX} fetch rounds queued on one follower stream`,
      );
    }
    queuedRounds += 1;
    // A round carries the follower's durable offsets too.
    for (const topic of request.topics) {
      for (const partition of topic.partitions)
        unacked.acknowledged(directory, topic.topic, partition.partition, partition.durableOffset);
    }
    serving = serving.then(async () => {
      if (roundFailure !== undefined || cancelled.signal.aborted) return;
      try {
        const response = await serveRound(directory, request, cancelled.signal, answerNow);
        // Encoded by hand: the batches are copied once, into the message (not concatenated,
        // then copied again by protobufjs). A PreEncodedMessage passes grpc-js's serializer.
        const encoded = new PreEncodedMessage(encodeFollowerFetchResponse(response));
        if (!cancelled.signal.aborted) {
          unacked.answered(directory, response);
          await writeMessage(call, encoded as unknown as ReplicationV1.FollowerFetchResponse);
        }
      } catch (error) {
        // The stream ends with this error (e.g. STALE_BROKER_EPOCH); later rounds are not served.
        roundFailure = { error };
        cancelled.abort();
        wakeOnFailure();
      } finally {
        queuedRounds -= 1;
      }
    });
  }
  await serving;
  if (roundFailure !== undefined) throw roundFailure.error;
}

export function createReplicationHandlers(
  directory: ReplicaDirectory,
  options: HandlerOptions,
): ReplicationHandlers {
  return {
    FollowerFetch: bidiStreamHandler(
      async (call, messages: AsyncIterable<ReplicationV1.FollowerFetchRequest__Output>) => {
        const cancelled = new AbortController();
        call.once("cancelled", () => cancelled.abort());
        call.once("close", () => cancelled.abort());
        await serveFollowerStream(directory, call, messages, cancelled);
      },
      options,
    ),
    OffsetForLeaderEpoch: unaryHandler(
      (request: ReplicationV1.OffsetForLeaderEpochRequest__Output) =>
        handleOffsetForLeaderEpoch(directory, request),
      options,
    ),
  };
}
