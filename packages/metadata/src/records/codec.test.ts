import { isRillError } from "@rill/protocol";
import { type NodeId, nodeId, offset } from "@rill/protocol/ids";
import fc from "fast-check";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "./codec.js";
import { type MetadataRecord, NO_LEADER } from "./metadata-record.js";

const brokerId = fc.integer({ min: 0, max: 1000 }).map(nodeId);
const leader = fc.oneof(brokerId, fc.constant(NO_LEADER));
const epoch = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const smallEpoch = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const ids = fc.array(brokerId, { maxLength: 5 });
const name = fc.string({ maxLength: 12 });

const recordArbitrary: fc.Arbitrary<MetadataRecord> = fc.oneof(
  fc.record({
    type: fc.constant("RegisterBroker" as const),
    brokerId,
    incarnationId: name,
    brokerEpoch: epoch,
    endpoints: fc.array(fc.record({ name, host: name, port: fc.integer({ min: 1, max: 65535 }) }), {
      maxLength: 3,
    }),
    rack: fc.option(name, { nil: null }),
    fenced: fc.boolean(),
    inControlledShutdown: fc.boolean(),
    registeredOffset: epoch,
  }),
  fc.record({
    type: fc.constantFrom("UnregisterBroker" as const, "FenceBroker" as const, "UnfenceBroker" as const),
    brokerId,
    brokerEpoch: epoch,
  }),
  fc.record(
    {
      type: fc.constant("BrokerRegistrationChange" as const),
      brokerId,
      brokerEpoch: epoch,
      fenced: fc.boolean(),
      inControlledShutdown: fc.boolean(),
    },
    { requiredKeys: ["type", "brokerId", "brokerEpoch"] },
  ),
  fc.record({ type: fc.constant("Topic" as const), name, topicId: fc.uuid() }),
  fc.record({
    type: fc.constant("Partition" as const),
    topicId: fc.uuid(),
    partition: fc.nat(10_000),
    replicas: ids,
    isr: ids,
    leader,
    leaderEpoch: smallEpoch,
    partitionEpoch: smallEpoch,
    addingReplicas: ids,
    removingReplicas: ids,
  }),
  fc.record(
    {
      type: fc.constant("PartitionChange" as const),
      topicId: fc.uuid(),
      partition: fc.nat(10_000),
      leader,
      isr: ids,
      replicas: ids,
      addingReplicas: ids,
      removingReplicas: ids,
    },
    { requiredKeys: ["type", "topicId", "partition"] },
  ),
  fc.record({
    type: fc.constant("Config" as const),
    resource: fc.record({
      type: fc.constantFrom("topic" as const, "broker" as const, "cluster" as const),
      name,
    }),
    key: name,
    value: fc.option(name, { nil: null }),
  }),
  fc.record({
    type: fc.constant("ProducerIdsBlock" as const),
    brokerId,
    brokerEpoch: epoch,
    firstProducerId: epoch,
    size: fc.nat(1_000_000),
  }),
  fc.record({ type: fc.constant("RemoveTopic" as const), topicId: fc.uuid() }),
);

describe("metadata record codec", () => {
  it("round-trips every record type", () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 20 }), (records) => {
        expect(decodeMetadataRecordBatch(encodeMetadataRecordBatch(records))).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps an empty ISR change distinct from no ISR change", () => {
    const withEmpty: MetadataRecord = { type: "PartitionChange", topicId: "t", partition: 0, isr: [] };
    const without: MetadataRecord = {
      type: "PartitionChange",
      topicId: "t",
      partition: 0,
      leader: NO_LEADER,
    };
    expect(decodeMetadataRecordBatch(encodeMetadataRecordBatch([withEmpty, without]))).toEqual([
      withEmpty,
      without,
    ]);
  });

  it("rejects malformed bytes as CORRUPT_MESSAGE", () => {
    const bytes = encodeMetadataRecordBatch([{ type: "Topic", name: "orders", topicId: "id" }]);
    expect(() => decodeMetadataRecordBatch(bytes.subarray(0, bytes.length - 3))).toThrow(
      expect.objectContaining({ errorName: "CORRUPT_MESSAGE" }),
    );
  });

  it("brands broker ids where records are decoded: one out of range is CORRUPT_MESSAGE", () => {
    // Only a cast makes a bad id (the encoder writes what it is given, as a corrupt log would hold).
    const bytes = encodeMetadataRecordBatch([
      { type: "FenceBroker", brokerId: -2 as NodeId, brokerEpoch: 1 },
    ]);
    expect(() => decodeMetadataRecordBatch(bytes)).toThrow(/brokerId is not a node id: -2/);
    // A bare number (or an offset) is not a broker id at this API: it does not compile.
    // @ts-expect-error a plain number must be checked through nodeId() first
    const bare: MetadataRecord = { type: "FenceBroker", brokerId: 3, brokerEpoch: 1 };
    // @ts-expect-error an Offset is not a NodeId
    const fromOffset: MetadataRecord = { type: "FenceBroker", brokerId: offset(3), brokerEpoch: 1 };
    expect(decodeMetadataRecordBatch(encodeMetadataRecordBatch([bare, fromOffset]))).toEqual([
      bare,
      fromOffset,
    ]);
  });

  it("rejects a newer record version and an unknown record type as UNSUPPORTED_VERSION", () => {
    // Hand-written wire: field 1 (records), a MetadataRecord with version 2 and a Topic body.
    const writer = protobuf.Writer.create();
    writer
      .uint32((1 << 3) | 2)
      .fork()
      .uint32((1 << 3) | 0)
      .uint32(2)
      .uint32((7 << 3) | 2)
      .fork()
      .ldelim()
      .ldelim();
    const newer = writer.finish();
    expect(() => decodeMetadataRecordBatch(newer)).toThrow(
      expect.objectContaining({ errorName: "UNSUPPORTED_VERSION" }),
    );
    // A record with version 1 and a body field number this reader does not know (99).
    const unknown = protobuf.Writer.create();
    unknown
      .uint32((1 << 3) | 2)
      .fork()
      .uint32((1 << 3) | 0)
      .uint32(1)
      .uint32((99 << 3) | 2)
      .fork()
      .ldelim()
      .ldelim();
    let caught: unknown;
    try {
      decodeMetadataRecordBatch(unknown.finish());
    } catch (error) {
      caught = error;
    }
    expect(isRillError(caught, "UNSUPPORTED_VERSION")).toBe(true);
  });
});
