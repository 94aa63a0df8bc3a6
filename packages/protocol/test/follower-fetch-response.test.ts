import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeFollowerFetchResponse,
  type FollowerFetchPartitionFrame,
  type FollowerFetchResponseFrame,
  PreEncodedMessage,
  replicationServiceDefinition,
} from "../src/index.js";

const method = replicationServiceDefinition().FollowerFetch;

/** What a stock client reads from the bytes (proto-loader's decoder, Rill's loader options). */
function decode(bytes: Buffer): unknown {
  return method.responseDeserialize(bytes);
}

/** The same response as a message object, through protobufjs (records concatenated). */
function viaProtobufjs(frame: FollowerFetchResponseFrame): Buffer {
  return method.responseSerialize({
    fetchId: frame.fetchId,
    topics: frame.topics.map((topic) => ({
      topicId: topic.topicId,
      topic: topic.topic,
      partitions: topic.partitions.map((partition) => ({
        ...partition,
        records: Buffer.concat(partition.records),
      })),
    })),
  });
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int64 = fc.oneof(fc.integer({ min: -1, max: 1000 }), fc.maxSafeInteger(), fc.constant(-1));
const partitionArb: fc.Arbitrary<FollowerFetchPartitionFrame> = fc.record({
  partition: fc.integer({ min: 0, max: 100_000 }),
  errorCode: fc.integer({ min: 0, max: 200 }),
  errorMessage: fc.string({ unit: "grapheme", maxLength: 20 }),
  highWatermark: int64,
  logStartOffset: int64,
  divergingEpoch: fc.option(fc.record({ epoch: int32, endOffset: int64 }), { nil: null }),
  records: fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }),
  currentLeader: fc.option(
    fc.record({
      leaderId: int32,
      leaderEpoch: int32,
      host: fc.string({ maxLength: 15 }),
      port: int32,
      topic: fc.string({ maxLength: 15 }),
      partition: int32,
    }),
    { nil: null },
  ),
  logEndOffset: int64,
});
const responseArb: fc.Arbitrary<FollowerFetchResponseFrame> = fc.record({
  fetchId: fc.oneof(fc.nat(), fc.maxSafeInteger()),
  topics: fc.array(
    fc.record({
      topicId: fc.string({ maxLength: 36 }),
      topic: fc.string({ unit: "grapheme", maxLength: 30 }),
      partitions: fc.array(partitionArb, { maxLength: 4 }),
    }),
    { maxLength: 3 },
  ),
});

describe("the hand-written FollowerFetchResponse encoder", () => {
  it("is read by the stock decoder exactly as the protobufjs encoding of the same response", () => {
    fc.assert(
      fc.property(responseArb, (frame) => {
        expect(decode(encodeFollowerFetchResponse(frame))).toEqual(decode(viaProtobufjs(frame)));
      }),
      { numRuns: 300 },
    );
  });

  it("carries each partition's batches back to back in its records field", () => {
    const batches = [Buffer.from("first batch"), Buffer.from("second"), Buffer.alloc(200, 7)];
    const frame: FollowerFetchResponseFrame = {
      fetchId: 42,
      topics: [
        {
          topicId: "id",
          topic: "orders",
          partitions: [
            {
              partition: 3,
              errorCode: 0,
              errorMessage: "",
              highWatermark: 10,
              logStartOffset: 0,
              divergingEpoch: null,
              records: batches,
              currentLeader: null,
              logEndOffset: 12,
            },
          ],
        },
      ],
    };
    const decoded = decode(encodeFollowerFetchResponse(frame)) as {
      fetchId: number;
      topics: { partitions: { records: Buffer; divergingEpoch: unknown; highWatermark: number }[] }[];
    };
    expect(decoded.fetchId).toBe(42);
    const partition = decoded.topics[0]?.partitions[0];
    expect(partition?.records.equals(Buffer.concat(batches))).toBe(true);
    expect(partition?.divergingEpoch).toBeNull();
    expect(partition?.highWatermark).toBe(10);
  });

  it("passes through grpc-js's serializer untouched as a PreEncodedMessage", () => {
    const bytes = encodeFollowerFetchResponse({ fetchId: 7, topics: [] });
    expect(method.responseSerialize(new PreEncodedMessage(bytes) as never)).toBe(bytes);
  });
});
