import {
  assert,
  type BrokerV1,
  bidiStreamHandler,
  type CommonV1,
  type HandlerOptions,
  RillError,
  unaryHandler,
  writeMessage,
} from "@rill/protocol";
import type { Acks } from "@rill/replication";
import { partitionErrorFields } from "./partition-errors.js";
import { asRillError, type ProduceOutcome } from "./partition-replica.js";
import type { ReplicaDirectory } from "./replica-directory.js";

type ProduceHandlers = {
  Produce: BrokerV1.BrokerServiceHandlers["Produce"];
  ProduceStream: BrokerV1.BrokerServiceHandlers["ProduceStream"];
};

/** The wire `acks` as the core's Acks; anything else is INVALID_REQUIRED_ACKS (per partition). */
function acksOf(acks: BrokerV1.Acks__Output): Acks | undefined {
  switch (acks) {
    case "ACKS_NONE":
      return 0;
    case "ACKS_LEADER":
      return 1;
    case "ACKS_ALL":
      return "all";
    default:
      return undefined;
  }
}

/**
 * Starts every partition's append synchronously (so requests for one partition are appended in
 * the order they arrive, also across a ProduceStream), then waits for the outcomes. Whole-request
 * problems (INVALID_REQUEST) throw; per-partition ones land in the partition's error fields.
 * With acks=0 the answer does not wait (and reports no offsets or append errors), as in Kafka.
 */
export function handleProduce(
  directory: ReplicaDirectory,
  request: BrokerV1.ProduceRequest__Output,
  listenerName: string,
): Promise<BrokerV1.ProduceResponse> {
  const config = directory.config;
  if (request.transactionalId !== "") {
    throw new RillError("INVALID_REQUEST", "transactional produce is not supported yet");
  }
  const partitionCount = request.topicData.reduce((sum, topic) => sum + topic.partitionData.length, 0);
  if (partitionCount > config.requestPartitionsMax) {
    throw new RillError(
      "INVALID_REQUEST",
      `${partitionCount} partitions in one produce exceed the limit ${config.requestPartitionsMax}`,
    );
  }
  if (!Number.isSafeInteger(request.timeoutMs) || request.timeoutMs < 0) {
    throw new RillError("INVALID_REQUEST", `timeout_ms ${request.timeoutMs} must be >= 0`);
  }
  const timeoutMs = Math.min(
    request.timeoutMs === 0 ? config.produceTimeoutDefaultMs : request.timeoutMs,
    config.produceTimeoutMaxMs,
  );
  const acks = acksOf(request.acks);
  const startMs = directory.clock();
  const fenced = directory.isFenced();
  const forcedAssertionTopic = config.testForceAssertionOnProduceTopic;
  if (forcedAssertionTopic !== undefined) {
    for (const topic of request.topicData) {
      assert(topic.name !== forcedAssertionTopic, "forced by test.force.assertion.on.produce.topic", {
        topic: topic.name,
      });
    }
  }
  const topics = request.topicData.map((topic) => ({
    name: topic.name,
    partitions: topic.partitionData.map((data) => {
      const outcome: Promise<ProduceOutcome> = (() => {
        if (acks === undefined) {
          return Promise.resolve({
            kind: "error",
            error: new RillError("INVALID_REQUIRED_ACKS", `acks ${request.acks} is not 0, 1 or all`),
          } as const);
        }
        if (fenced)
          return Promise.resolve({
            kind: "error",
            error: directory.notLeaderError(topic.name, data.index),
          } as const);
        const replica = directory.lookup(topic.name, data.index);
        if (replica instanceof RillError) return Promise.resolve({ kind: "error", error: replica } as const);
        return replica.produce({ bytes: data.records, acks, timeoutMs }).then((outcome) => {
          if (outcome.kind === "appended") directory.traffic.recordIn(topic.name, "client", data.records);
          return outcome;
        });
      })();
      return { index: data.index, outcome };
    }),
  }));
  if (acks === 0) {
    return Promise.resolve({
      responses: topics.map((topic) => ({
        name: topic.name,
        partitionResponses: topic.partitions.map((partition) => ({
          index: partition.index,
          errorCode: 0,
          baseOffset: -1,
          logAppendTimeMs: -1,
          logStartOffset: -1,
          leaderEpoch: -1,
        })),
      })),
      throttleTimeMs: 0,
    });
  }
  return Promise.all(
    topics.map(async (topic) => ({
      name: topic.name,
      partitionResponses: await Promise.all(
        topic.partitions.map(async (partition) =>
          partitionResponse(directory, listenerName, topic.name, partition.index, await partition.outcome),
        ),
      ),
    })),
  ).then((responses) => {
    directory.produceLatency.record(directory.clock() - startMs);
    return { responses, throttleTimeMs: 0 };
  });
}

function partitionResponse(
  directory: ReplicaDirectory,
  listenerName: string,
  topic: string,
  index: number,
  outcome: ProduceOutcome,
): BrokerV1.ProducePartitionResponse {
  if (outcome.kind === "error") {
    return {
      index,
      ...partitionErrorFields(directory.image(), listenerName, topic, index, outcome.error),
      baseOffset: -1,
      logAppendTimeMs: -1,
      logStartOffset: -1,
      leaderEpoch: -1,
      durability: null,
    };
  }
  return {
    index,
    errorCode: 0,
    errorMessage: "",
    baseOffset: outcome.baseOffset,
    logAppendTimeMs: outcome.logAppendTimeMs,
    logStartOffset: outcome.logStartOffset,
    leaderEpoch: outcome.leaderEpoch,
    durability: {
      replicasHolding: outcome.durability.replicasWithRecords,
      fsynced: outcome.fsynced,
      replicasFsynced: outcome.durability.replicasDurable,
    },
  };
}

function errorInfo(error: RillError): CommonV1.ErrorInfo {
  return {
    errorCode: error.code,
    errorName: error.errorName,
    retriable: error.retriable,
    message: error.message,
    metadata: Object.fromEntries(
      Object.entries(error.details).map(([key, value]) => [key, JSON.stringify(value)]),
    ),
  };
}

export function createProduceHandlers(
  directory: ReplicaDirectory,
  listenerName: string,
  options: HandlerOptions,
): ProduceHandlers {
  return {
    Produce: unaryHandler(
      (request: BrokerV1.ProduceRequest__Output) => handleProduce(directory, request, listenerName),
      options,
    ),
    ProduceStream: bidiStreamHandler(
      async (
        call: Parameters<BrokerV1.BrokerServiceHandlers["ProduceStream"]>[0],
        messages: AsyncIterable<BrokerV1.ProduceStreamRequest__Output>,
      ) => {
        const inflightMax = directory.config.produceStreamInflightMax;
        const inflight = new Set<Promise<void>>();
        let writing: Promise<void> = Promise.resolve();
        const send = (message: BrokerV1.ProduceStreamResponse): Promise<void> => {
          writing = writing.then(() => writeMessage(call, message)).catch(() => undefined);
          return writing;
        };
        for await (const message of messages) {
          const correlationId = message.correlationId;
          let answer: Promise<BrokerV1.ProduceStreamResponse>;
          try {
            if (message.request === null)
              throw new RillError("INVALID_REQUEST", "produce stream message without a request");
            // Synchronous up to the appends: stream order is append order per partition.
            answer = handleProduce(directory, message.request, listenerName).then(
              (response) => ({ correlationId, response }),
              (error: unknown) => ({ correlationId, error: errorInfo(asRillError(error)) }),
            );
          } catch (error) {
            answer = Promise.resolve({ correlationId, error: errorInfo(asRillError(error)) });
          }
          const done: Promise<void> = answer.then(send).finally(() => inflight.delete(done));
          inflight.add(done);
          // Stop reading (HTTP/2 pushes back on the client) while the in-flight bound is reached.
          while (inflight.size >= inflightMax) await Promise.race(inflight);
        }
        await Promise.all(inflight);
        await writing;
      },
      options,
    ),
  };
}
