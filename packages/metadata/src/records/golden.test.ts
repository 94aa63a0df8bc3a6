/**
 * Golden bytes of one batch holding every record type. Records stay in Raft logs and snapshots
 * for as long as a cluster lives, so their encoding must never change by accident: if this test
 * fails, either revert the change to records.proto/codec.ts or, for a deliberate new record
 * version, keep decoding the old bytes and add a new golden file beside this one.
 * Regenerate (only on purpose) with RILL_UPDATE_GOLDEN=1.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { decodeMetadataRecordBatch, encodeMetadataRecordBatch } from "./codec.js";
import { type MetadataRecord, NO_LEADER } from "./metadata-record.js";

const GOLDEN_URL = new URL("./testdata/batch-v1.hex", import.meta.url);

const records: MetadataRecord[] = [
  {
    type: "RegisterBroker",
    brokerId: nodeId(1),
    incarnationId: "5f0c6b1e-incarnation",
    brokerEpoch: 2 ** 40 + 7,
    endpoints: [{ name: "PLAINTEXT", host: "127.0.0.1", port: 9092 }],
    rack: "rack-a",
    fenced: true,
    inControlledShutdown: false,
    registeredOffset: 0,
  },
  { type: "UnregisterBroker", brokerId: nodeId(2), brokerEpoch: 10 },
  { type: "FenceBroker", brokerId: nodeId(1), brokerEpoch: 11 },
  { type: "UnfenceBroker", brokerId: nodeId(1), brokerEpoch: 11 },
  { type: "BrokerRegistrationChange", brokerId: nodeId(1), brokerEpoch: 11, inControlledShutdown: true },
  { type: "Topic", name: "orders", topicId: "8d3a3c52-2a0b-4f6e-9d43-1b7c7a9a0f11" },
  {
    type: "Partition",
    topicId: "8d3a3c52-2a0b-4f6e-9d43-1b7c7a9a0f11",
    partition: 0,
    replicas: [nodeId(1), nodeId(2), nodeId(3)],
    isr: [nodeId(1), nodeId(2)],
    leader: nodeId(1),
    leaderEpoch: 4,
    partitionEpoch: 9,
    addingReplicas: [nodeId(3)],
    removingReplicas: [],
  },
  {
    type: "PartitionChange",
    topicId: "8d3a3c52-2a0b-4f6e-9d43-1b7c7a9a0f11",
    partition: 0,
    leader: NO_LEADER,
    isr: [nodeId(1)],
  },
  { type: "Config", resource: { type: "topic", name: "orders" }, key: "retention.ms", value: "86400000" },
  { type: "Config", resource: { type: "cluster", name: "" }, key: "x", value: null },
  { type: "ProducerIdsBlock", brokerId: nodeId(1), brokerEpoch: 11, firstProducerId: 2000, size: 1000 },
  { type: "RemoveTopic", topicId: "8d3a3c52-2a0b-4f6e-9d43-1b7c7a9a0f11" },
];

describe("metadata record golden bytes", () => {
  it("encodes exactly as recorded, and the recorded bytes decode to the same records", () => {
    const hex = Buffer.from(encodeMetadataRecordBatch(records)).toString("hex");
    if (process.env.RILL_UPDATE_GOLDEN === "1") writeFileSync(GOLDEN_URL, `${hex}\n`);
    const golden = readFileSync(GOLDEN_URL, "utf8").trim();
    expect(hex).toBe(golden);
    expect(decodeMetadataRecordBatch(Buffer.from(golden, "hex"))).toEqual(records);
  });
});
