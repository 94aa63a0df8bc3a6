import {
  MetadataImage,
  type MetadataRecord,
  REASSIGNMENT_THROTTLE_AUTO_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG,
  REASSIGNMENT_THROTTLE_CONFIG,
} from "@rill/metadata";
import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { ProduceLatencyWindow } from "../../src/replica/produce-latency-window.js";
import {
  AUTO_THROTTLE_WINDOW_MS,
  type RateChange,
  ReassignmentThrottle,
} from "../../src/replica/reassignment-throttle.js";

const TOPIC_ID = "00000000-0000-4000-8000-000000000001";
const cluster = { type: "cluster", name: "" } as const;

function imageWith(records: readonly MetadataRecord[]): MetadataImage {
  const brokers = [1, 2, 3, 4].map(nodeId).map(
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
        replicas: [nodeId(1), nodeId(2), nodeId(3), nodeId(4)],
        isr: [nodeId(1), nodeId(2), nodeId(3)],
        leader: nodeId(1),
        leaderEpoch: 0,
        partitionEpoch: 0,
        addingReplicas: [nodeId(4)],
        removingReplicas: [nodeId(3)],
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
    expect(hook.fetchBytesAllowed(nodeId(4), 0)).toBe(100_000);
    hook.recordBytesSent(nodeId(4), 100_000, 0);
    expect(hook.fetchBytesAllowed(nodeId(4), 0)).toBe(0);
    expect(hook.fetchBytesAllowed(nodeId(4), 50)).toBe(50_000);
    // A replica that is not being added, and another partition, are not limited.
    expect(hook.fetchBytesAllowed(nodeId(3), 50)).toBe(Number.POSITIVE_INFINITY);
    expect(throttle.forPartition(TOPIC_ID, 1).fetchBytesAllowed(nodeId(4), 50)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(throttle.rateBytesPerSecond).toBe(1_000_000);
  });

  it("stops limiting once the config is removed", async () => {
    const throttle = new ReassignmentThrottle();
    throttle.applyImage(
      imageWith([{ type: "Config", resource: cluster, key: REASSIGNMENT_THROTTLE_CONFIG, value: "1000" }]),
    );
    const hook = throttle.forPartition(TOPIC_ID, 0);
    hook.recordBytesSent(nodeId(4), 1_000_000, 0);
    expect(hook.fetchBytesAllowed(nodeId(4), 0)).toBe(0);
    throttle.applyImage(imageWith([]));
    expect(hook.fetchBytesAllowed(nodeId(4), 0)).toBe(Number.POSITIVE_INFINITY);
    expect(throttle.rateBytesPerSecond).toBeUndefined();
    // Nothing to wait for when unthrottled.
    await throttle.waitForAllowance(TOPIC_ID, 0, nodeId(4), () => 0, new AbortController().signal);
  });

  it("in the automatic mode, lowers the rate when produce latency rises and raises it when it falls", () => {
    const produceLatency = new ProduceLatencyWindow();
    const changes: RateChange[] = [];
    const throttle = new ReassignmentThrottle({
      produceLatency,
      onRateChange: (change) => changes.push(change),
    });
    const config = (key: string, value: string): MetadataRecord => ({
      type: "Config",
      resource: cluster,
      key,
      value,
    });
    const autoImage = imageWith([
      config(REASSIGNMENT_THROTTLE_CONFIG, "8000000"),
      config(REASSIGNMENT_THROTTLE_AUTO_CONFIG, "true"),
      config(REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG, "1000000"),
      config(REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG, "100"),
    ]);
    throttle.applyImage(autoImage);
    expect(throttle.auto).toEqual({
      minBytesPerSecond: 1_000_000,
      maxBytesPerSecond: 8_000_000,
      produceP99MsMax: 100,
    });
    // It starts at the maximum.
    expect(throttle.rateBytesPerSecond).toBe(8_000_000);
    const hook = throttle.forPartition(TOPIC_ID, 0);
    let nowMs = 0;
    const window = (latencyMs: number) => {
      for (let i = 0; i < 100; i += 1) produceLatency.record(latencyMs);
      nowMs += AUTO_THROTTLE_WINDOW_MS;
      hook.fetchBytesAllowed(nodeId(4), nowMs);
      return throttle.rateBytesPerSecond;
    };
    hook.fetchBytesAllowed(nodeId(4), nowMs); // the first window starts with throttled traffic
    expect([window(300), window(300), window(300)]).toEqual([4_000_000, 2_000_000, 1_000_000]);
    // The buckets follow the rate: a tenth of a second's burst at 1 MB/s.
    expect(hook.fetchBytesAllowed(nodeId(4), nowMs)).toBe(100_000);
    expect([window(5), window(5)]).toEqual([1_700_000, 2_400_000]);
    expect(changes.at(-1)).toEqual({
      previousBytesPerSecond: 1_700_000,
      bytesPerSecond: 2_400_000,
      produceP99Ms: 5,
    });
    // Traffic not being throttled does not move the rate; the same settings again keep it.
    produceLatency.record(900);
    nowMs += AUTO_THROTTLE_WINDOW_MS;
    expect(hook.fetchBytesAllowed(nodeId(3), nowMs)).toBe(Number.POSITIVE_INFINITY);
    throttle.applyImage(autoImage);
    expect(throttle.rateBytesPerSecond).toBe(2_400_000);
    // Without the automatic setting the fixed rate is back; without any rate, nothing.
    throttle.applyImage(imageWith([config(REASSIGNMENT_THROTTLE_CONFIG, "8000000")]));
    expect([throttle.auto, throttle.rateBytesPerSecond]).toEqual([undefined, 8_000_000]);
    expect(window(300)).toBe(8_000_000);
    throttle.applyImage(imageWith([]));
    expect(throttle.rateBytesPerSecond).toBeUndefined();
  });
});
