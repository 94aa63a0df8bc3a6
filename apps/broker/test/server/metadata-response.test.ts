import { MetadataImage, type MetadataRecord } from "@rill/metadata";
import { NO_NODE, type NodeId, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { buildMetadataResponse } from "../../src/server/metadata-response.js";

const broker = (brokerId: NodeId, fenced: boolean): MetadataRecord => ({
  type: "RegisterBroker",
  brokerId,
  incarnationId: `i-${brokerId}`,
  brokerEpoch: brokerId,
  endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: 19000 + brokerId }],
  rack: brokerId === 102 ? "rack-b" : null,
  fenced,
  inControlledShutdown: false,
  registeredOffset: 0,
});

const image = MetadataImage.EMPTY.apply(
  [
    broker(nodeId(101), false),
    broker(nodeId(102), false),
    broker(nodeId(103), true),
    { type: "Topic", name: "orders", topicId: "id-orders" },
    {
      type: "Partition",
      topicId: "id-orders",
      partition: 1,
      replicas: [nodeId(103), nodeId(101)],
      isr: [nodeId(101)],
      leader: nodeId(101),
      leaderEpoch: 4,
      partitionEpoch: 7,
      addingReplicas: [],
      removingReplicas: [],
    },
    {
      type: "Partition",
      topicId: "id-orders",
      partition: 0,
      replicas: [nodeId(101), nodeId(102), nodeId(103)],
      isr: [nodeId(101), nodeId(102)],
      leader: nodeId(102),
      leaderEpoch: 2,
      partitionEpoch: 3,
      addingReplicas: [],
      removingReplicas: [],
    },
    { type: "Topic", name: "__consumer_offsets", topicId: "id-offsets" },
    {
      type: "Partition",
      topicId: "id-offsets",
      partition: 0,
      replicas: [nodeId(103)],
      isr: [nodeId(103)],
      leader: NO_NODE,
      leaderEpoch: 1,
      partitionEpoch: 1,
      addingReplicas: [],
      removingReplicas: [],
    },
  ],
  17,
);
const context = { clusterId: "c1", controllerId: 2 };

describe("buildMetadataResponse", () => {
  it("lists live brokers and every topic's partitions with leaders, epochs, ISR and offline replicas", () => {
    const response = buildMetadataResponse(image, { topics: [], allTopics: true }, context);
    expect(response.brokers).toEqual([
      { nodeId: 101, host: "127.0.0.1", port: 19101, rack: "" },
      { nodeId: 102, host: "127.0.0.1", port: 19102, rack: "rack-b" },
    ]);
    expect(response).toMatchObject({ clusterId: "c1", controllerId: 2, metadataOffset: 17 });
    expect(response.topics?.map((topic) => [topic.name, topic.isInternal])).toEqual([
      ["__consumer_offsets", true],
      ["orders", false],
    ]);
    const orders = response.topics?.[1];
    expect(orders?.partitions).toEqual([
      {
        errorCode: 0,
        partitionIndex: 0,
        leaderId: 102,
        leaderEpoch: 2,
        replicaNodes: [101, 102, 103],
        isrNodes: [101, 102],
        offlineReplicas: [103],
      },
      {
        errorCode: 0,
        partitionIndex: 1,
        leaderId: 101,
        leaderEpoch: 4,
        replicaNodes: [103, 101],
        isrNodes: [101],
        offlineReplicas: [103],
      },
    ]);
    // No leader: LEADER_NOT_AVAILABLE (5).
    expect(response.topics?.[0]?.partitions?.[0]).toMatchObject({ errorCode: 5, leaderId: -1 });
  });

  it("answers named topics, with UNKNOWN_TOPIC_OR_PARTITION for a missing one", () => {
    const response = buildMetadataResponse(
      image,
      { topics: ["missing", "orders", "missing"], allTopics: false },
      context,
    );
    expect(response.topics?.map((topic) => [topic.name, topic.errorCode])).toEqual([
      ["missing", 3],
      ["orders", 0],
    ]);
    expect(response.topics?.[0]?.errorMessage).toContain("missing");
  });
});
