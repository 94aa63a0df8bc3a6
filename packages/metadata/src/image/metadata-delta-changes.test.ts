import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import type { MetadataRecord } from "../records/metadata-record.js";
import { MetadataDelta } from "./metadata-delta.js";
import { MetadataImage } from "./metadata-image.js";

const partition = (topicId: string, index: number): MetadataRecord => ({
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
});

const twoTopics = MetadataImage.EMPTY.apply(
  [
    { type: "Topic", name: "a", topicId: "ta" },
    partition("ta", 0),
    partition("ta", 1),
    { type: "Topic", name: "b", topicId: "tb" },
    partition("tb", 0),
    { type: "Config", resource: { type: "topic", name: "b" }, key: "retention.ms", value: "1000" },
  ],
  1,
);

function changesOf(records: readonly MetadataRecord[]) {
  const delta = new MetadataDelta(twoTopics);
  for (const record of records) delta.replay(record);
  delta.apply(2);
  const changes = delta.changes();
  return {
    partitionsByTopic: Object.fromEntries([...changes.partitionsByTopic].map(([id, set]) => [id, [...set]])),
    removedTopics: Object.fromEntries(changes.removedTopics),
    configResources: [...changes.configResources.values()],
  };
}

describe("MetadataDelta.changes", () => {
  it("names only the partitions a batch created or changed", () => {
    expect(
      changesOf([
        { type: "PartitionChange", topicId: "ta", partition: 1, leader: nodeId(2) },
        { type: "Topic", name: "c", topicId: "tc" },
        partition("tc", 0),
      ]),
    ).toEqual({ partitionsByTopic: { ta: [1], tc: [0] }, removedTopics: {}, configResources: [] });
  });

  it("names config resources set or cleared, and a removed topic with its configs", () => {
    expect(
      changesOf([
        { type: "Config", resource: { type: "topic", name: "a" }, key: "cleanup.policy", value: "compact" },
        { type: "PartitionChange", topicId: "tb", partition: 0, isr: [nodeId(1)] },
        { type: "RemoveTopic", topicId: "tb" },
      ]),
    ).toEqual({
      partitionsByTopic: {},
      removedTopics: { tb: "b" },
      configResources: [
        { type: "topic", name: "a" },
        { type: "topic", name: "b" },
      ],
    });
  });

  it("reports nothing for a batch of broker records only", () => {
    expect(changesOf([])).toEqual({ partitionsByTopic: {}, removedTopics: {}, configResources: [] });
  });
});
