/**
 * The metadata simulation's checker, fed by hand: each check fails on the state it must refuse
 * (so that a green simulation means something).
 */
import { type NodeId, nodeId } from "@rill/protocol/ids";
import type { Entry } from "@rill/raft";
import { describe, expect, it } from "vitest";
import { MetadataImage } from "../src/image/metadata-image.js";
import { encodeMetadataRecordBatch } from "../src/records/codec.js";
import type { MetadataRecord } from "../src/records/metadata-record.js";
import { SimulationChecker } from "../src/sim/simulation-checker.js";

const TOPIC_ID = "00000000-0000-4000-8000-000000000001";

function register(brokerId: NodeId, brokerEpoch: number): MetadataRecord {
  return {
    type: "RegisterBroker",
    brokerId,
    incarnationId: `incarnation-${brokerId}`,
    brokerEpoch,
    endpoints: [{ name: "PLAINTEXT", host: "localhost", port: 9092 }],
    rack: null,
    fenced: true,
    inControlledShutdown: false,
    registeredOffset: 0,
  };
}

/** Three unfenced brokers and a topic with one partition led by broker 1. */
const SETUP: MetadataRecord[][] = [
  [register(nodeId(1), 1), register(nodeId(2), 1), register(nodeId(3), 1)],
  [
    { type: "UnfenceBroker", brokerId: nodeId(1), brokerEpoch: 1 },
    { type: "UnfenceBroker", brokerId: nodeId(2), brokerEpoch: 1 },
    { type: "UnfenceBroker", brokerId: nodeId(3), brokerEpoch: 1 },
  ],
  [
    { type: "Topic", name: "orders", topicId: TOPIC_ID },
    {
      type: "Partition",
      topicId: TOPIC_ID,
      partition: 0,
      replicas: [nodeId(1), nodeId(2), nodeId(3)],
      isr: [nodeId(1), nodeId(2), nodeId(3)],
      leader: nodeId(1),
      leaderEpoch: 0,
      partitionEpoch: 0,
      addingReplicas: [],
      removingReplicas: [],
    },
  ],
];

function entry(index: number, records: readonly MetadataRecord[], term = 1): Entry {
  return { index, term, type: "normal", data: encodeMetadataRecordBatch(records) };
}

function checkerWithSetup(): { checker: SimulationChecker; image: MetadataImage } {
  const checker = new SimulationChecker(() => {});
  let image = MetadataImage.EMPTY;
  SETUP.forEach((records, i) => {
    checker.onCommittedEntry(nodeId(1), entry(i + 1, records));
    image = image.apply(records, i + 1);
  });
  return { checker, image };
}

describe("SimulationChecker", () => {
  it("accepts a consistent history and a controller image equal to it", () => {
    const { checker, image } = checkerWithSetup();
    expect(() => checker.onControllerImage(nodeId(2), 1, image)).not.toThrow();
    expect(() => checker.onTopicCreationAcked("orders", TOPIC_ID)).not.toThrow();
  });

  it("refuses two different entries at one index (Raft state-machine safety)", () => {
    const { checker } = checkerWithSetup();
    expect(() =>
      checker.onCommittedEntry(nodeId(2), entry(3, [{ type: "RemoveTopic", topicId: TOPIC_ID }])),
    ).toThrow(/state machine safety/);
    expect(() => checker.onCommittedEntry(nodeId(2), entry(3, SETUP[2]!, 2))).toThrow(/state machine safety/);
  });

  it("refuses an applied entry with a gap before it", () => {
    const { checker } = checkerWithSetup();
    expect(() => checker.onCommittedEntry(nodeId(1), entry(5, []))).toThrow(/no controller applied 4/);
  });

  it("refuses a controller image that is not the committed state at its offset", () => {
    const { checker, image } = checkerWithSetup();
    const diverged = image.apply([{ type: "FenceBroker", brokerId: nodeId(3), brokerEpoch: 1 }], 4);
    checker.onCommittedEntry(nodeId(1), entry(4, []));
    expect(() => checker.onControllerImage(nodeId(2), 1, diverged)).toThrow(/differs from the committed log/);
  });

  it("refuses committed state where a fenced broker leads", () => {
    const { checker } = checkerWithSetup();
    expect(() =>
      checker.onCommittedEntry(
        nodeId(1),
        entry(4, [{ type: "FenceBroker", brokerId: nodeId(1), brokerEpoch: 1 }]),
      ),
    ).toThrow(/leader 1 is fenced/);
  });

  it("refuses an acknowledged creation or deletion that is not committed", () => {
    const { checker } = checkerWithSetup();
    expect(() => checker.onTopicCreationAcked("payments", "00000000-0000-4000-8000-000000000002")).toThrow(
      /not committed/,
    );
    expect(() => checker.onTopicDeletionAcked("orders", TOPIC_ID)).toThrow(/not committed/);
  });

  it("refuses losing an acknowledged topic without a committed deletion", () => {
    const { checker, image } = checkerWithSetup();
    checker.onTopicCreationAcked("orders", TOPIC_ID);
    const without = MetadataImage.EMPTY.apply([...SETUP[0]!, ...SETUP[1]!], 3);
    expect(() => checker.checkAcknowledgedTopics(without)).toThrow(/acknowledged topic orders/);
    expect(() => checker.checkAcknowledgedTopics(image)).not.toThrow();
  });

  it("refuses an acknowledged registration that is not committed with that epoch", () => {
    const { checker } = checkerWithSetup();
    expect(() => checker.onRegistrationAcked(nodeId(1), "incarnation-1", 1)).not.toThrow();
    expect(() => checker.onRegistrationAcked(nodeId(1), "incarnation-1", 2)).toThrow(/not committed/);
    expect(() => checker.onRegistrationAcked(nodeId(1), "incarnation-9", 1)).toThrow(/not committed/);
  });

  it("refuses an acknowledged controlled shutdown while the broker is unfenced or leads", () => {
    const { checker } = checkerWithSetup();
    expect(() => checker.onControlledShutdownAcked(nodeId(2))).toThrow(/not fenced/);
    checker.onCommittedEntry(
      nodeId(1),
      entry(4, [{ type: "FenceBroker", brokerId: nodeId(2), brokerEpoch: 1 }]),
    );
    expect(() => checker.onControlledShutdownAcked(nodeId(2))).not.toThrow();
  });

  it("refuses an acknowledged AlterPartition that is not what committed, or was stale", () => {
    const { checker } = checkerWithSetup();
    checker.onCommittedEntry(
      nodeId(1),
      entry(4, [{ type: "PartitionChange", topicId: TOPIC_ID, partition: 0, isr: [nodeId(1), nodeId(2)] }]),
    );
    const request = {
      brokerId: nodeId(1),
      brokerEpoch: 1,
      topicId: TOPIC_ID,
      partition: 0,
      leaderEpoch: 0,
      partitionEpoch: 0,
      newIsr: [nodeId(1), nodeId(2)],
    };
    const committed = {
      leader: nodeId(1),
      leaderEpoch: 0,
      partitionEpoch: 1,
      isr: [nodeId(1), nodeId(2)],
      replicas: [1, 2, 3].map(nodeId),
    };
    expect(() => checker.onAlterPartitionAcked(request, committed)).not.toThrow();
    expect(() =>
      checker.onAlterPartitionAcked(request, { ...committed, isr: [nodeId(1), nodeId(3)] }),
    ).toThrow(/committed/);
    // A request naming partition epoch 0 while the state is at 1 cannot be accepted as epoch 2.
    checker.onCommittedEntry(
      nodeId(1),
      entry(5, [{ type: "PartitionChange", topicId: TOPIC_ID, partition: 0, isr: [nodeId(1)] }]),
    );
    const acceptedStale = {
      leader: nodeId(1),
      leaderEpoch: 0,
      partitionEpoch: 2,
      isr: [nodeId(1)],
      replicas: [1, 2, 3].map(nodeId),
    };
    expect(() => checker.onAlterPartitionAcked({ ...request, newIsr: [nodeId(1)] }, acceptedStale)).toThrow(
      /partition epoch 0 became 2/,
    );
  });
});
