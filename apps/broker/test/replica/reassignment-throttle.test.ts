import { MetadataImage, type MetadataRecord, REASSIGNMENT_THROTTLE_CONFIG } from "@rill/metadata";
import { describe, expect, it } from "vitest";
import { ReassignmentThrottle } from "../../src/replica/reassignment-throttle.js";

const TOPIC_ID = "00000000-0000-4000-8000-000000000001";
const cluster = { type: "cluster", name: "" } as const;

function imageWith(records: readonly MetadataRecord[]): MetadataImage {
  const brokers = [1, 2, 3, 4].map(
    (brokerId): MetadataRecord => ({
      type: "RegisterBroker",
      brokerId,
      incarnationId: `incarnation-${brokerId}`,
      brokerEpoch: 1,
      endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: 9000 + brokerId }],
      rack: null,
      fenced: false,
      inControlledShutdown: false,
      registeredOffset: 0,
    }),
  );
  return MetadataImage.EMPTY.apply(
    [
      ...brokers,
      { type: "Topic", name: "t", topicId: TOPIC_ID },
      {
        type: "Partition",
        topicId: TOPIC_ID,
        partition: 0,
        replicas: [1, 2, 3, 4],
        isr: [1, 2, 3],
        leader: 1,
        leaderEpoch: 0,
        partitionEpoch: 0,
        addingReplicas: [4],
        removingReplicas: [3],
      },
      ...records,
    ],
    1,
  );
}

describe("ReassignmentThrottle", () => {
  it("limits only what goes to a replica being added, at the rate the image sets", () => {
    const throttle = new ReassignmentThrottle();
    throttle.applyImage(
      imageWith([{ type: "Config", resource: cluster, key: REASSIGNMENT_THROTTLE_CONFIG, value: "1000000" }]),
    );
    const hook = throttle.forPartition(TOPIC_ID, 0);
    // Burst: a tenth of a second at the rate, at least 64 KiB.
    expect(hook.fetchBytesAllowed(4, 0)).toBe(100_000);
    hook.recordBytesSent(4, 100_000, 0);
    expect(hook.fetchBytesAllowed(4, 0)).toBe(0);
    expect(hook.fetchBytesAllowed(4, 50)).toBe(50_000);
    // A replica that is not being added, and another partition, are not limited.
    expect(hook.fetchBytesAllowed(3, 50)).toBe(Number.POSITIVE_INFINITY);
    expect(throttle.forPartition(TOPIC_ID, 1).fetchBytesAllowed(4, 50)).toBe(Number.POSITIVE_INFINITY);
    expect(throttle.rateBytesPerSecond).toBe(1_000_000);
  });

  it("stops limiting once the config is removed", async () => {
    const throttle = new ReassignmentThrottle();
    throttle.applyImage(
      imageWith([{ type: "Config", resource: cluster, key: REASSIGNMENT_THROTTLE_CONFIG, value: "1000" }]),
    );
    const hook = throttle.forPartition(TOPIC_ID, 0);
    hook.recordBytesSent(4, 1_000_000, 0);
    expect(hook.fetchBytesAllowed(4, 0)).toBe(0);
    throttle.applyImage(imageWith([]));
    expect(hook.fetchBytesAllowed(4, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(throttle.rateBytesPerSecond).toBeUndefined();
    // Nothing to wait for when unthrottled.
    await throttle.waitForAllowance(TOPIC_ID, 0, 4, () => 0, new AbortController().signal);
  });
});
