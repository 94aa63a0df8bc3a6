import { describe, expect, it } from "vitest";
import {
  brokerServiceDefinition,
  encodeFetchResponse,
  encodeFetchStreamResponse,
  type FetchableTopicFrame,
  type FetchPartitionFrame,
  type FetchResponseFrame,
  type FetchStreamResponseFrame,
  PreEncodedMessage,
} from "../src/index.js";
import { SeededRandom } from "../src/random/index.js";

const fetchMethod = brokerServiceDefinition().Fetch;
const streamMethod = brokerServiceDefinition().FetchStream;

/** The same topics as message objects for protobufjs (records concatenated, as before). */
function asMessages(topics: readonly FetchableTopicFrame[]): unknown[] {
  return topics.map((topic) => ({
    topic: topic.topic,
    partitions: topic.partitions.map((partition) => ({
      ...partition,
      abortedTransactions: [...partition.abortedTransactions],
      records: Buffer.concat(partition.records),
    })),
  }));
}

/** What a stock client reads (proto-loader's decoder with Rill's loader options). */
function decodeFetch(bytes: Buffer): unknown {
  return fetchMethod.responseDeserialize(bytes);
}

function decodeStream(bytes: Buffer): unknown {
  return streamMethod.responseDeserialize(bytes);
}

function viaProtobufjs(frame: FetchResponseFrame): Buffer {
  return fetchMethod.responseSerialize({
    throttleTimeMs: frame.throttleTimeMs,
    responses: asMessages(frame.responses) as never,
  });
}

function streamViaProtobufjs(frame: FetchStreamResponseFrame): Buffer {
  return streamMethod.responseSerialize({
    responses: asMessages(frame.responses) as never,
    remainingCreditBytes: frame.remainingCreditBytes,
  });
}

function filled(length: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index += 1) bytes[index] = (index * 31 + seed) & 0xff;
  return bytes;
}

const EVERY_FIELD: FetchPartitionFrame = {
  partitionIndex: 7,
  errorCode: 0,
  errorMessage: "",
  highWatermark: 2 ** 40 + 3,
  lastStableOffset: 2 ** 40,
  logStartOffset: 12,
  abortedTransactions: [
    { producerId: 4_000_000_123, firstOffset: 100 },
    { producerId: 0, firstOffset: 0 },
  ],
  preferredReadReplica: 2,
  // Over 64 KiB in several batches: the length varints take three bytes.
  records: [filled(40_000, 1), filled(30_000, 2), filled(17, 3)],
  currentLeader: {
    leaderId: 3,
    leaderEpoch: 9,
    host: "broker-3.example",
    port: 9092,
    topic: "t",
    partition: 7,
  },
};

const ERROR_PARTITION: FetchPartitionFrame = {
  partitionIndex: 1,
  errorCode: 6,
  errorMessage: "not the leader of orders-1 — ask broker 2",
  highWatermark: -1,
  lastStableOffset: -1,
  logStartOffset: -1,
  abortedTransactions: [],
  preferredReadReplica: -1,
  records: [],
  currentLeader: { leaderId: 2, leaderEpoch: -1, host: "", port: 0, topic: "orders", partition: 1 },
};

const EMPTY_PARTITION: FetchPartitionFrame = {
  partitionIndex: 0,
  errorCode: 0,
  errorMessage: "",
  highWatermark: 0,
  lastStableOffset: 0,
  logStartOffset: 0,
  abortedTransactions: [],
  preferredReadReplica: -1,
  records: [],
  currentLeader: null,
};

const TOPICS: FetchableTopicFrame[] = [
  { topic: "orders", partitions: [EVERY_FIELD, ERROR_PARTITION, EMPTY_PARTITION] },
  { topic: "ünïcode-topic-🙂", partitions: [{ ...EMPTY_PARTITION, records: [Buffer.from("one batch")] }] },
  { topic: "", partitions: [] },
];

interface DecodedPartition {
  partitionIndex: number;
  errorCode: number;
  errorMessage: string;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: { producerId: number; firstOffset: number }[];
  preferredReadReplica: number;
  records: Buffer;
  currentLeader: unknown;
}
interface DecodedTopics {
  responses: { topic: string; partitions: DecodedPartition[] }[];
}

function expectTopics(decoded: DecodedTopics): void {
  expect(decoded.responses.map((topic) => topic.topic)).toEqual(["orders", "ünïcode-topic-🙂", ""]);
  const [every, error, empty] = decoded.responses[0]?.partitions ?? [];
  expect(every).toEqual({
    ...EVERY_FIELD,
    abortedTransactions: [...EVERY_FIELD.abortedTransactions],
    records: Buffer.concat(EVERY_FIELD.records),
  });
  expect(every?.records.length).toBeGreaterThan(64 * 1024);
  expect(error).toEqual({ ...ERROR_PARTITION, abortedTransactions: [], records: Buffer.alloc(0) });
  expect(empty).toEqual({ ...EMPTY_PARTITION, abortedTransactions: [], records: Buffer.alloc(0) });
  expect(decoded.responses[1]?.partitions[0]?.records.toString()).toBe("one batch");
  expect(decoded.responses[2]?.partitions).toEqual([]);
}

/** Values at the edges of each kind: zero (left out), -1 (ten-byte varint), the largest. */
function int64(random: SeededRandom): number {
  return random.pick([0, -1, 1, 127, 128, 2 ** 31, Number.MAX_SAFE_INTEGER, random.int(0, 2 ** 32)]);
}

function int32(random: SeededRandom): number {
  return random.pick([0, -1, 1, 2 ** 31 - 1, -(2 ** 31), random.int(-1000, 100_000)]);
}

function text(random: SeededRandom): string {
  const alphabet = ["a", "z", "-", ".", "é", "ß", "🙂", "中"];
  return Array.from({ length: random.int(0, 12) }, () => random.pick(alphabet)).join("");
}

function randomPartition(random: SeededRandom): FetchPartitionFrame {
  return {
    partitionIndex: int32(random),
    errorCode: random.pick([0, 0, 1, 6, 74]),
    errorMessage: random.chance(0.5) ? "" : text(random),
    highWatermark: int64(random),
    lastStableOffset: int64(random),
    logStartOffset: int64(random),
    abortedTransactions: Array.from({ length: random.int(0, 3) }, () => ({
      producerId: int64(random),
      firstOffset: int64(random),
    })),
    preferredReadReplica: int32(random),
    records: Array.from({ length: random.int(0, 4) }, () =>
      filled(random.pick([0, 1, 61, 200, random.int(0, 3000)]), random.nextUint32()),
    ),
    currentLeader: random.chance(0.5)
      ? null
      : {
          leaderId: int32(random),
          leaderEpoch: int32(random),
          host: text(random),
          port: int32(random),
          topic: text(random),
          partition: int32(random),
        },
  };
}

function randomTopics(random: SeededRandom): FetchableTopicFrame[] {
  return Array.from({ length: random.int(0, 3) }, () => ({
    topic: text(random),
    partitions: Array.from({ length: random.int(0, 4) }, () => randomPartition(random)),
  }));
}

describe("the hand-written FetchResponse encoder", () => {
  it("writes every field, several topics and partitions, errors and empty records", () => {
    const decoded = decodeFetch(
      encodeFetchResponse({ throttleTimeMs: 250, responses: TOPICS }),
    ) as DecodedTopics & {
      throttleTimeMs: number;
    };
    expect(decoded.throttleTimeMs).toBe(250);
    expectTopics(decoded);
  });

  it("is an empty message for an empty answer", () => {
    const bytes = encodeFetchResponse({ throttleTimeMs: 0, responses: [] });
    expect(bytes.length).toBe(0);
    expect(decodeFetch(bytes)).toEqual({ throttleTimeMs: 0, responses: [] });
  });

  it("is read by the stock decoder exactly as protobufjs's encoding (seeded, 400 answers)", () => {
    const random = new SeededRandom(20261207);
    for (let run = 0; run < 400; run += 1) {
      const frame: FetchResponseFrame = { throttleTimeMs: int32(random), responses: randomTopics(random) };
      expect(decodeFetch(encodeFetchResponse(frame))).toEqual(decodeFetch(viaProtobufjs(frame)));
    }
  });

  it("passes through grpc-js's serializer untouched as a PreEncodedMessage", () => {
    const bytes = encodeFetchResponse({ throttleTimeMs: 0, responses: TOPICS });
    expect(fetchMethod.responseSerialize(new PreEncodedMessage(bytes) as never)).toBe(bytes);
  });
});

describe("the hand-written FetchStreamResponse encoder", () => {
  it("writes every field, several topics and partitions, errors and empty records", () => {
    const decoded = decodeStream(
      encodeFetchStreamResponse({ responses: TOPICS, remainingCreditBytes: 2 ** 33 }),
    ) as DecodedTopics & { remainingCreditBytes: number };
    expect(decoded.remainingCreditBytes).toBe(2 ** 33);
    expectTopics(decoded);
  });

  it("is read by the stock decoder exactly as protobufjs's encoding (seeded, 400 answers)", () => {
    const random = new SeededRandom(7);
    for (let run = 0; run < 400; run += 1) {
      const frame: FetchStreamResponseFrame = {
        responses: randomTopics(random),
        remainingCreditBytes: int64(random),
      };
      expect(decodeStream(encodeFetchStreamResponse(frame))).toEqual(
        decodeStream(streamViaProtobufjs(frame)),
      );
    }
  });

  it("passes through grpc-js's serializer untouched as a PreEncodedMessage", () => {
    const bytes = encodeFetchStreamResponse({ responses: TOPICS, remainingCreditBytes: 0 });
    expect(streamMethod.responseSerialize(new PreEncodedMessage(bytes) as never)).toBe(bytes);
  });
});
