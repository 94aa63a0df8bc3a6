import {
  bidiStreamHandler,
  GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  type HandlerOptions,
  type ReplicationV1,
  RillError,
  unaryHandler,
  writeMessage,
} from "@rill/protocol";
import { UNDEFINED_EPOCH } from "@rill/replication";
import { partitionErrorFields } from "./partition-errors.js";
import { asRillError } from "./partition-replica.js";
import { type PartitionSignal, waitForAny } from "./partition-signal.js";
import { THROTTLE_RECHECK_MS } from "./reassignment-throttle.js";
import type { ReplicaDirectory } from "./replica-directory.js";

type ReplicationHandlers = {
  FollowerFetch: ReplicationV1.ReplicationServiceHandlers["FollowerFetch"];
  OffsetForLeaderEpoch: ReplicationV1.ReplicationServiceHandlers["OffsetForLeaderEpoch"];
};

const EMPTY_RECORDS = Buffer.alloc(0);

interface RoundResult {
  readonly topics: ReplicationV1.FollowerFetchTopicData[];
  readonly recordBytes: number;
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
 */
async function serveRound(
  directory: ReplicaDirectory,
  request: ReplicationV1.FollowerFetchRequest__Output,
  cancelled: AbortSignal,
): Promise<ReplicationV1.FollowerFetchResponse> {
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
    const round = await readRound(directory, request);
    const waitMs = deadlineMs - directory.clock();
    if (round.urgent || round.recordBytes >= request.minBytes || waitMs <= 0 || cancelled.aborted) {
      return { fetchId: request.fetchId, topics: round.topics };
    }
    const signals: PartitionSignal[] = [];
    for (const topic of request.topics) {
      for (const partition of topic.partitions) {
        const replica = directory.lookup(topic.topic, partition.partition);
        if (!(replica instanceof RillError)) signals.push(replica.appended);
      }
    }
    // A throttled partition's tokens refill with time, not with appends: re-read at the
    // throttle's pace instead of holding the round for the whole max_wait_ms.
    await waitForAny(signals, round.throttled ? Math.min(waitMs, THROTTLE_RECHECK_MS) : waitMs, cancelled);
  }
}

async function readRound(
  directory: ReplicaDirectory,
  request: ReplicationV1.FollowerFetchRequest__Output,
): Promise<RoundResult> {
  const config = directory.config;
  let remaining = Math.min(
    request.maxBytes > 0 ? request.maxBytes : config.replicaFetchResponseBytesMax,
    config.replicaFetchResponseBytesMax,
    GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  );
  let recordBytes = 0;
  let urgent = false;
  let throttled = false;
  const topics: ReplicationV1.FollowerFetchTopicData[] = [];
  for (const topic of request.topics) {
    const partitions: ReplicationV1.FollowerFetchPartitionData[] = [];
    for (const partition of topic.partitions) {
      const errorData = (error: RillError): ReplicationV1.FollowerFetchPartitionData => ({
        partition: partition.partition,
        ...partitionErrorFields(directory.image(), topic.topic, partition.partition, error),
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
      const decision = replica.followerFetch({
        replicaId: request.replicaId,
        currentLeaderEpoch: partition.currentLeaderEpoch,
        fetchOffset: partition.fetchOffset,
        lastFetchedEpoch:
          partition.lastFetchedEpoch === UNDEFINED_EPOCH ? undefined : partition.lastFetchedEpoch,
        durableOffset: partition.durableOffset,
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
      let records: Buffer = EMPTY_RECORDS;
      if (decision.maxBytes > 0 && decision.fetchOffset < replica.log.logEndOffset) {
        try {
          records = (await replica.log.read(decision.fetchOffset, decision.maxBytes)).bytes;
        } catch (error) {
          urgent = true;
          partitions.push({ ...errorData(asRillError(error)), ...position });
          continue;
        }
        replica.activeLeader()?.recordBytesSent(request.replicaId, records.length, directory.clock());
      }
      remaining = Math.max(0, remaining - records.length);
      recordBytes += records.length;
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
  return { topics, recordBytes, urgent, throttled };
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
      const answer =
        replica instanceof RillError
          ? replica
          : leader === undefined
            ? directory.notLeaderError(topic.topic, partition.partition)
            : leader.endOffsetForEpoch(
                partition.leaderEpoch,
                partition.currentLeaderEpoch < 0 ? undefined : partition.currentLeaderEpoch,
              );
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
        for await (const request of messages) {
          const response = await serveRound(directory, request, cancelled.signal);
          if (cancelled.signal.aborted) break;
          await writeMessage(call, response);
        }
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
