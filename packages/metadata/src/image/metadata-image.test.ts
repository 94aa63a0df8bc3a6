import { type NodeId, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { AssertionError } from "../assert.js";
import type { MetadataRecord } from "../records/metadata-record.js";
import { MetadataInvariantChecker } from "./invariants.js";
import { MetadataImage } from "./metadata-image.js";
import { decodeMetadataSnapshot, describeImage, encodeMetadataSnapshot } from "./snapshot.js";

const broker = (brokerId: NodeId, brokerEpoch: number, fenced = false): MetadataRecord => ({
  type: "RegisterBroker",
  brokerId,
  incarnationId: `i${brokerId}`,
  brokerEpoch,
  endpoints: [{ name: "P", host: "h", port: 1 }],
  rack: null,
  fenced,
  inControlledShutdown: false,
  registeredOffset: 0,
});

const partition = (
  topicId: string,
  index: number,
  fields: Partial<MetadataRecord & { type: "Partition" }> = {},
): MetadataRecord => ({
  type: "Partition",
  topicId,
  partition: index,
  replicas: [nodeId(1), nodeId(2)],
  isr: [nodeId(1), nodeId(2)],
  leader: nodeId(1),
  leaderEpoch: 0,
  partitionEpoch: 0,
  addingReplicas: [],
  removingReplicas: [],
  ...fields,
});

function base(): MetadataImage {
  return MetadataImage.EMPTY.apply(
    [
      broker(nodeId(1), 1),
      broker(nodeId(2), 1),
      { type: "Topic", name: "t", topicId: "T" },
      partition("T", 0),
      partition("T", 1),
    ],
    1,
  );
}

describe("MetadataImage", () => {
  it("is immutable: apply returns a new image and shares untouched parts", () => {
    const image = base();
    const next = image.apply([{ type: "PartitionChange", topicId: "T", partition: 0, leader: nodeId(2) }], 2);
    expect(image.partition("T", 0)).toMatchObject({ leader: 1, leaderEpoch: 0, partitionEpoch: 0 });
    expect(next.partition("T", 0)).toMatchObject({ leader: 2, leaderEpoch: 1, partitionEpoch: 1 });
    expect(next.partition("T", 1)).toBe(image.partition("T", 1));
    expect(next.brokers).toBe(image.brokers);
    expect(next.offset).toBe(2);
    expect(image.brokers.get(nodeId(1))!.registeredOffset).toBe(1);
  });

  it("an ISR-only change bumps the partition epoch, not the leader epoch", () => {
    const next = base().apply([{ type: "PartitionChange", topicId: "T", partition: 0, isr: [nodeId(1)] }], 2);
    expect(next.partition("T", 0)).toMatchObject({ leader: 1, isr: [1], leaderEpoch: 0, partitionEpoch: 1 });
  });

  it("removing a topic removes its partitions, name and configs", () => {
    const image = base().apply(
      [{ type: "Config", resource: { type: "topic", name: "t" }, key: "retention.ms", value: "1" }],
      2,
    );
    const next = image.apply([{ type: "RemoveTopic", topicId: "T" }], 3);
    expect(next.topicByName("t")).toBeUndefined();
    expect(next.topicsById.size).toBe(0);
    expect(next.configs.size).toBe(0);
  });

  it("asserts on records that do not fit (a controller bug)", () => {
    const image = base();
    const bad: MetadataRecord[] = [
      { type: "PartitionChange", topicId: "T", partition: 0, leader: nodeId(3) },
      { type: "PartitionChange", topicId: "T", partition: 0, isr: [] },
      { type: "PartitionChange", topicId: "X", partition: 0, leader: nodeId(2) },
      { type: "FenceBroker", brokerId: nodeId(1), brokerEpoch: 7 },
      { type: "Topic", name: "t", topicId: "U" },
      broker(nodeId(1), 1),
      { type: "ProducerIdsBlock", brokerId: nodeId(1), brokerEpoch: 1, firstProducerId: -5, size: 1 },
    ];
    for (const record of bad) expect(() => image.apply([record], 2), record.type).toThrow(AssertionError);
    expect(() => image.apply([], 1)).toThrow(AssertionError);
  });

  it("snapshots to records that rebuild the same image", () => {
    const image = base().apply(
      [
        { type: "FenceBroker", brokerId: nodeId(2), brokerEpoch: 1 },
        { type: "PartitionChange", topicId: "T", partition: 1, isr: [nodeId(1)] },
        { type: "Config", resource: { type: "cluster", name: "" }, key: "k", value: "v" },
        { type: "ProducerIdsBlock", brokerId: nodeId(1), brokerEpoch: 1, firstProducerId: 0, size: 1000 },
      ],
      5,
    );
    const restored = decodeMetadataSnapshot(encodeMetadataSnapshot(image), image.offset);
    expect(describeImage(restored)).toEqual(describeImage(image));
    expect(restored.nextProducerId).toBe(1000);
    expect(restored.brokers.get(nodeId(1))!.registeredOffset).toBe(1);
    expect(describeImage(decodeMetadataSnapshot(encodeMetadataSnapshot(MetadataImage.EMPTY), 0))).toEqual(
      describeImage(MetadataImage.EMPTY),
    );
  });
});

describe("MetadataInvariantChecker", () => {
  it("reports a fenced leader, two leaders in one epoch, and epochs going back", () => {
    const checker = new MetadataInvariantChecker();
    let image = base();
    expect(checker.check(image)).toEqual([]);
    image = image.apply([{ type: "FenceBroker", brokerId: nodeId(1), brokerEpoch: 1 }], 2);
    expect(checker.check(image).join()).toMatch(/fenced/);
    image = image.apply(
      [
        { type: "UnfenceBroker", brokerId: nodeId(1), brokerEpoch: 1 },
        partition("T", 0, { leader: nodeId(2) }),
      ],
      3,
    );
    expect(checker.check(image).join()).toMatch(/leaders 1 and 2 in leader epoch 0/);
    image = image.apply([partition("T", 0, { leaderEpoch: 5, partitionEpoch: 5 })], 4);
    checker.check(image);
    image = image.apply([partition("T", 0, { leaderEpoch: 4, partitionEpoch: 4 })], 5);
    expect(checker.check(image).join()).toMatch(/epoch went back/);
  });
});
