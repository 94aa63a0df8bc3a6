import {
  type BrokerV1,
  bidiStreamHandler,
  encodeFetchResponse,
  encodeFetchStreamResponse,
  type FetchableTopicFrame,
  type FetchPartitionFrame,
  type FetchResponseFrame,
  GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  type HandlerOptions,
  PreEncodedMessage,
  RillError,
  unaryHandler,
  writeMessage,
} from "@rill/protocol";
import { decodeOffset } from "@rill/protocol/ids";
import { checkLeaderEpoch, type LeaderEpoch } from "@rill/replication";
import { partitionErrorFields } from "./partition-errors.js";
import { asRillError, type PartitionReplica } from "./partition-replica.js";
import { ArmedWake, type PartitionSignal } from "./partition-signal.js";
import type { ReplicaDirectory } from "./replica-directory.js";
import { decodeOptionalLeaderEpoch } from "./wire-epoch.js";

type FetchHandlers = {
  Fetch: BrokerV1.BrokerServiceHandlers["Fetch"];
  FetchStream: BrokerV1.BrokerServiceHandlers["FetchStream"];
  ListOffsets: BrokerV1.BrokerServiceHandlers["ListOffsets"];
};

/** How long a FetchStream with nothing to send stays quiet before it re-checks its partitions. */
export const FETCH_STREAM_IDLE_RECHECK_MS = 1_000;

const EMPTY_RECORDS: readonly Uint8Array[] = [];

/** -1 on the wire means "no epoch: skip the KIP-320 check". */
function optionalEpoch(epoch: number): LeaderEpoch | undefined {
  const decoded = decodeOptionalLeaderEpoch("current_leader_epoch", epoch);
  if (decoded instanceof RillError) throw decoded;
  return decoded;
}

interface PartitionRead {
  /** The stored batches as they are held (`data.records`), for the hand-written encoder. */
  readonly data: FetchPartitionFrame;
  /** Record bytes in `data.records`. */
  readonly recordBytes: number;
  /** Where the next read of this partition starts. */
  readonly nextOffset: number;
  readonly failed: boolean;
}

/**
 * One consumer read of a partition: leader and KIP-320 epoch checks, then whole batches from
 * `fetchOffset` up to the high watermark, at most `maxBytes` (at least one batch when > 0).
 */
async function readPartition(
  directory: ReplicaDirectory,
  listenerName: string,
  topic: string,
  request: { partition: number; fetchOffset: number; currentLeaderEpoch: number },
  maxBytes: number,
): Promise<PartitionRead> {
  const errorRead = (error: RillError): PartitionRead => ({
    data: {
      partitionIndex: request.partition,
      ...partitionErrorFields(directory.image(), listenerName, topic, request.partition, error),
      highWatermark: -1,
      lastStableOffset: -1,
      logStartOffset: -1,
      abortedTransactions: [],
      preferredReadReplica: -1,
      records: EMPTY_RECORDS,
    },
    recordBytes: 0,
    nextOffset: request.fetchOffset,
    failed: true,
  });
  if (directory.isFenced()) return errorRead(directory.notLeaderError(topic, request.partition));
  const replica = directory.lookup(topic, request.partition);
  if (replica instanceof RillError) return errorRead(replica);
  const fetchOffset = decodeOffset("fetch_offset", request.fetchOffset, "OFFSET_OUT_OF_RANGE");
  if (fetchOffset instanceof RillError) return errorRead(fetchOffset);
  const decision = replica.consumerFetch({
    fetchOffset,
    currentLeaderEpoch: optionalEpoch(request.currentLeaderEpoch),
  });
  if (decision.kind === "error") return errorRead(decision.error);
  let records = EMPTY_RECORDS;
  let recordBytes = 0;
  let nextOffset = request.fetchOffset;
  if (maxBytes > 0 && decision.fetchOffset < decision.maxOffset) {
    try {
      // The batches as stored (not concatenated): the encoder copies each once into the answer.
      const read = await replica.log.readChunks(decision.fetchOffset, maxBytes, {
        maxOffset: decision.maxOffset,
      });
      records = read.chunks;
      recordBytes = read.byteLength;
      nextOffset = read.nextOffset;
    } catch (error) {
      return errorRead(asRillError(error));
    }
  }
  return {
    data: {
      partitionIndex: request.partition,
      errorCode: 0,
      errorMessage: "",
      highWatermark: decision.highWatermark,
      lastStableOffset: decision.highWatermark,
      logStartOffset: decision.logStartOffset,
      // No transactions yet: READ_COMMITTED reads up to the high watermark with nothing aborted.
      abortedTransactions: [],
      preferredReadReplica: -1,
      records,
      currentLeader: null,
    },
    recordBytes,
    nextOffset,
    failed: false,
  };
}

function signalsOf(
  directory: ReplicaDirectory,
  topics: readonly BrokerV1.FetchTopic__Output[],
): PartitionSignal[] {
  const signals: PartitionSignal[] = [];
  for (const topic of topics) {
    for (const partition of topic.partitions) {
      const replica = directory.lookup(topic.topic, partition.partition);
      if (!(replica instanceof RillError)) signals.push(replica.highWatermarkMoved);
    }
  }
  return signals;
}

/**
 * Kafka Fetch with long polling: answers once `min_bytes` of records are readable, an error
 * occurs, or `max_wait_ms` passes (clamped to fetchMaxWaitMaxMs), re-reading when a high
 * watermark moves. Record bytes stay within `max_bytes` and each partition's max (at least one
 * batch for the first partition with data). The answer holds the stored batches, for
 * encodeFetchResponse.
 */
export async function handleFetch(
  directory: ReplicaDirectory,
  listenerName: string,
  request: BrokerV1.FetchRequest__Output,
  cancelled?: AbortSignal,
): Promise<FetchResponseFrame> {
  const config = directory.config;
  const partitionCount = request.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  if (partitionCount > config.requestPartitionsMax) {
    throw new RillError(
      "INVALID_REQUEST",
      `${partitionCount} partitions in one fetch exceed ${config.requestPartitionsMax}`,
    );
  }
  if (request.maxWaitMs < 0 || request.minBytes < 0) {
    throw new RillError("INVALID_REQUEST", "max_wait_ms and min_bytes must be >= 0");
  }
  const responseBytesMax = Math.min(
    request.maxBytes > 0 ? request.maxBytes : config.fetchResponseBytesMax,
    config.fetchResponseBytesMax,
    GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
  );
  const deadlineMs = directory.clock() + Math.min(request.maxWaitMs, config.fetchMaxWaitMaxMs);
  for (;;) {
    // Armed before the reads: a high watermark that moves while they await wakes the wait below.
    const moved = new ArmedWake(signalsOf(directory, request.topics));
    let remaining = responseBytesMax;
    let totalBytes = 0;
    let anyError = false;
    const responses: FetchableTopicFrame[] = [];
    const served: { topic: string; records: readonly Uint8Array[] }[] = [];
    for (const topic of request.topics) {
      const partitions: FetchPartitionFrame[] = [];
      for (const partition of topic.partitions) {
        const partitionMaxBytes = partition.partitionMaxBytes > 0 ? partition.partitionMaxBytes : remaining;
        const read = await readPartition(
          directory,
          listenerName,
          topic.topic,
          partition,
          Math.min(partitionMaxBytes, remaining),
        );
        const size = read.recordBytes;
        remaining = Math.max(0, remaining - size);
        totalBytes += size;
        anyError ||= read.failed;
        partitions.push(read.data);
        served.push({ topic: topic.topic, records: read.data.records });
      }
      responses.push({ topic: topic.topic, partitions });
    }
    const waitMs = deadlineMs - directory.clock();
    if (totalBytes >= request.minBytes || anyError || waitMs <= 0 || cancelled?.aborted === true) {
      moved.cancel();
      for (const { topic, records } of served) {
        // Each chunk holds whole batches (the log reads by batch).
        for (const chunk of records) directory.traffic.recordOut(topic, "client", chunk);
      }
      return { throttleTimeMs: 0, responses };
    }
    await moved.wait(waitMs, cancelled);
  }
}

/** ListOffsets (Kafka): earliest, latest (the high watermark), by timestamp; leader only. */
export async function handleListOffsets(
  directory: ReplicaDirectory,
  listenerName: string,
  request: BrokerV1.ListOffsetsRequest__Output,
): Promise<BrokerV1.ListOffsetsResponse> {
  const partitionCount = request.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  if (partitionCount > directory.config.requestPartitionsMax) {
    throw new RillError(
      "INVALID_REQUEST",
      `${partitionCount} partitions exceed ${directory.config.requestPartitionsMax}`,
    );
  }
  const topics: BrokerV1.ListOffsetsTopicResponse[] = [];
  for (const topic of request.topics) {
    const partitions: BrokerV1.ListOffsetsPartitionResponse[] = [];
    for (const partition of topic.partitions) {
      try {
        const found = await listOffset(directory, topic.name, partition);
        partitions.push({
          partitionIndex: partition.partitionIndex,
          errorCode: 0,
          errorMessage: "",
          ...found,
        });
      } catch (error) {
        partitions.push({
          partitionIndex: partition.partitionIndex,
          ...partitionErrorFields(
            directory.image(),
            listenerName,
            topic.name,
            partition.partitionIndex,
            asRillError(error),
          ),
          timestampMs: -1,
          offset: -1,
          leaderEpoch: -1,
        });
      }
    }
    topics.push({ name: topic.name, partitions });
  }
  return { topics };
}

async function listOffset(
  directory: ReplicaDirectory,
  topic: string,
  request: BrokerV1.ListOffsetsPartition__Output,
): Promise<{ timestampMs: number; offset: number; leaderEpoch: number }> {
  if (directory.isFenced()) throw directory.notLeaderError(topic, request.partitionIndex);
  const replica = directory.lookup(topic, request.partitionIndex);
  if (replica instanceof RillError) throw replica;
  const leader = replica.activeLeader();
  if (leader === undefined) throw directory.notLeaderError(topic, request.partitionIndex);
  const epochError = checkLeaderEpoch(optionalEpoch(request.currentLeaderEpoch), leader.leaderEpoch);
  if (epochError !== undefined) throw epochError;
  switch (request.spec) {
    case "OFFSET_SPEC_EARLIEST":
      return { timestampMs: -1, offset: replica.log.logStartOffset, leaderEpoch: leader.leaderEpoch };
    case "OFFSET_SPEC_LATEST":
      if (!leader.isHighWatermarkCurrent()) {
        throw new RillError("OFFSET_NOT_AVAILABLE", "the new leader's high watermark has not caught up yet");
      }
      return { timestampMs: -1, offset: leader.highWatermark, leaderEpoch: leader.leaderEpoch };
    case "OFFSET_SPEC_TIMESTAMP": {
      const found = await replica.log.offsetForTimestamp(request.timestampMs);
      if (found === undefined || found.offset >= leader.highWatermark) {
        return { timestampMs: -1, offset: -1, leaderEpoch: -1 };
      }
      return {
        timestampMs: found.timestamp,
        offset: found.offset,
        leaderEpoch: epochOf(replica, found.offset),
      };
    }
    default:
      throw new RillError("INVALID_REQUEST", `offset spec ${request.spec} is not supported`);
  }
}

/** The leader epoch that wrote `offset` (from the epoch cache), or -1. */
function epochOf(replica: PartitionReplica, offset: number): number {
  let epoch = -1;
  for (const entry of replica.replicaLog.epochEntries()) if (entry.startOffset <= offset) epoch = entry.epoch;
  return epoch;
}

// ---- FetchStream --------------------------------------------------------------------------------

interface StreamPosition {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  readonly currentLeaderEpoch: number;
  readonly partitionMaxBytes: number;
  /** The high watermark last pushed, so a moved watermark is pushed even without records. */
  lastHighWatermark: number;
}

/**
 * The push form of Fetch: the client assigns partitions and grants byte credit, the broker sends
 * batches as the high watermark passes them, never starting a send without credit (a batch
 * larger than the remaining credit still goes whole). A partition with an error is reported once
 * and dropped until assigned again.
 */
class FetchStreamSession {
  readonly #directory: ReplicaDirectory;
  /** The listener the stream arrived on: leader hints name the leader's endpoint of that name. */
  readonly #listenerName: string;
  readonly #positions = new Map<string, StreamPosition>();
  #creditBytes = 0;
  #wake: (() => void) | undefined;

  constructor(directory: ReplicaDirectory, listenerName: string) {
    this.#directory = directory;
    this.#listenerName = listenerName;
  }

  onMessage(message: BrokerV1.FetchStreamRequest__Output): void {
    if (message.assignment != null) {
      const assignment = message.assignment;
      for (const removed of assignment.removedPartitions)
        this.#positions.delete(key(removed.topic, removed.partition));
      const count =
        this.#positions.size + assignment.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
      if (count > this.#directory.config.requestPartitionsMax) {
        throw new RillError(
          "INVALID_REQUEST",
          `a fetch stream follows at most ${this.#directory.config.requestPartitionsMax} partitions`,
        );
      }
      for (const topic of assignment.topics) {
        for (const partition of topic.partitions) {
          this.#positions.set(key(topic.topic, partition.partition), {
            topic: topic.topic,
            partition: partition.partition,
            offset: partition.fetchOffset,
            currentLeaderEpoch: partition.currentLeaderEpoch,
            partitionMaxBytes:
              partition.partitionMaxBytes > 0
                ? partition.partitionMaxBytes
                : this.#directory.config.fetchResponseBytesMax,
            lastHighWatermark: -1,
          });
        }
      }
    } else if (message.credit != null) {
      if (!(message.credit.bytes >= 0)) throw new RillError("INVALID_REQUEST", "credit bytes must be >= 0");
      this.#creditBytes = Math.min(
        this.#creditBytes + message.credit.bytes,
        this.#directory.config.fetchStreamCreditBytesMax,
      );
    }
    this.#wake?.();
  }

  wake(): void {
    this.#wake?.();
  }

  /** Pushes until `done` fires; each loop reads what the credit allows or waits for a change. */
  async run(
    call: Parameters<BrokerV1.BrokerServiceHandlers["FetchStream"]>[0],
    done: AbortSignal,
  ): Promise<void> {
    while (!done.aborted) {
      // Both armed before the read: a high watermark that moves, or credit or an assignment that
      // arrives, while #collect awaits wakes the wait below instead of being missed.
      const changed = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      const signals: PartitionSignal[] = [];
      for (const position of this.#positions.values()) {
        const replica = this.#directory.lookup(position.topic, position.partition);
        if (!(replica instanceof RillError)) signals.push(replica.highWatermarkMoved);
      }
      const moved = new ArmedWake(signals);
      const responses = await this.#collect();
      if (responses.length > 0) {
        moved.cancel();
        this.#wake = undefined;
        // Encoded by hand (the batches copied once, into the message); a PreEncodedMessage
        // passes grpc-js's serializer untouched.
        const encoded = new PreEncodedMessage(
          encodeFetchStreamResponse({ responses, remainingCreditBytes: this.#creditBytes }),
        );
        await writeMessage(call, encoded as unknown as BrokerV1.FetchStreamResponse);
        continue;
      }
      await Promise.race([changed, moved.wait(FETCH_STREAM_IDLE_RECHECK_MS, done)]);
      this.#wake = undefined;
    }
  }

  async #collect(): Promise<FetchableTopicFrame[]> {
    const byTopic = new Map<string, FetchPartitionFrame[]>();
    const messageBytesMax = Math.min(
      this.#directory.config.fetchResponseBytesMax,
      GRPC_MAX_RECORDS_BYTES_PER_MESSAGE,
    );
    let messageBytes = 0;
    for (const [positionKey, position] of [...this.#positions]) {
      const maxBytes = Math.min(
        position.partitionMaxBytes,
        this.#creditBytes,
        messageBytesMax - messageBytes,
      );
      const read = await readPartition(
        this.#directory,
        this.#listenerName,
        position.topic,
        {
          partition: position.partition,
          fetchOffset: position.offset,
          currentLeaderEpoch: position.currentLeaderEpoch,
        },
        Math.max(0, maxBytes),
      );
      const size = read.recordBytes;
      const highWatermark = read.data.highWatermark;
      if (!read.failed && size === 0 && highWatermark === position.lastHighWatermark) continue;
      if (read.failed) this.#positions.delete(positionKey);
      position.offset = read.nextOffset;
      position.lastHighWatermark = highWatermark;
      this.#creditBytes = Math.max(0, this.#creditBytes - size);
      messageBytes += size;
      const list = byTopic.get(position.topic) ?? [];
      list.push(read.data);
      byTopic.set(position.topic, list);
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function createFetchHandlers(
  directory: ReplicaDirectory,
  listenerName: string,
  options: HandlerOptions,
): FetchHandlers {
  return {
    Fetch: unaryHandler(async (request: BrokerV1.FetchRequest__Output, call) => {
      const cancelled = new AbortController();
      call.once("cancelled", () => cancelled.abort());
      const response = await handleFetch(directory, listenerName, request, cancelled.signal);
      // Encoded by hand (the batches copied once, into the message); a PreEncodedMessage passes
      // grpc-js's serializer untouched.
      return new PreEncodedMessage(encodeFetchResponse(response)) as unknown as BrokerV1.FetchResponse;
    }, options),
    ListOffsets: unaryHandler(
      (request: BrokerV1.ListOffsetsRequest__Output) => handleListOffsets(directory, listenerName, request),
      options,
    ),
    FetchStream: bidiStreamHandler(
      async (call, messages: AsyncIterable<BrokerV1.FetchStreamRequest__Output>) => {
        const session = new FetchStreamSession(directory, listenerName);
        const done = new AbortController();
        let failure: unknown;
        const reading = (async () => {
          try {
            for await (const message of messages) session.onMessage(message);
          } catch (error) {
            failure = error;
          } finally {
            done.abort();
            session.wake();
          }
        })();
        try {
          await session.run(call, done.signal);
        } finally {
          done.abort();
        }
        await reading;
        if (failure !== undefined) throw failure;
      },
      options,
    ),
  };
}
