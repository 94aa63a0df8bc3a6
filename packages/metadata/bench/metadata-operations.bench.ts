/**
 * `pnpm bench metadata` (add `--json` for one JSON object per figure): the metadata layer's own
 * cost, without Raft or the network — topic creations/s through the QuorumController on the
 * in-memory quorum (validate, place, encode, apply, commit, replay on 3 replicas), and the time
 * to encode and restore a snapshot of a cluster with TOPICS topics. Medians over RUNS runs.
 */

import { benchmarkReporter, median } from "@rill/bench";
import { nodeId } from "@rill/protocol/ids";
import {
  decodeMetadataSnapshot,
  encodeMetadataSnapshot,
  InMemoryQuorum,
  QuorumController,
} from "../src/index.js";

const RUNS = 5;
const TOPICS = 2_000;
const PARTITIONS = 3;
const BROKERS = 6;

const reporter = benchmarkReporter();

async function createTopicsRun(): Promise<{ opsPerS: number; controller: QuorumController }> {
  const quorum = new InMemoryQuorum();
  const nodes = [1, 2, 3].map(
    (nodeId) =>
      new QuorumController({
        nodeId,
        log: quorum.logFor(nodeId),
        clock: () => 0,
        controller: { seed: nodeId },
        snapshotPolicy: {
          recordsBetweenSnapshotsMax: Number.MAX_SAFE_INTEGER,
          bytesBetweenSnapshotsMax: Number.MAX_SAFE_INTEGER,
        },
      }),
  );
  const active = nodes[0]!;
  quorum.elect(1);
  for (let i = 0; i < 50 && !active.isReady; i++) await Promise.resolve();
  for (let id = 1; id <= BROKERS; id++) {
    const brokerId = nodeId(id);
    const { brokerEpoch } = await active.run((image, nowMs) =>
      active.controller.registerBroker(
        image,
        {
          brokerId,
          incarnationId: `i${brokerId}`,
          endpoints: [{ name: "P", host: "h", port: 1 }],
          rack: `r${brokerId % 3}`,
        },
        nowMs,
      ),
    );
    await active.run((image, nowMs) =>
      active.controller.brokerHeartbeat(
        image,
        { brokerId, brokerEpoch, currentMetadataOffset: image.offset, wantShutDown: false },
        nowMs,
      ),
    );
  }
  const started = performance.now();
  // 100 operations in flight at a time, like concurrent admin clients.
  for (let batch = 0; batch < TOPICS; batch += 100) {
    const operations = [];
    for (let i = batch; i < Math.min(TOPICS, batch + 100); i++) {
      operations.push(
        active.run((image) =>
          active.controller.createTopic(image, {
            name: `topic-${i}`,
            numPartitions: PARTITIONS,
            replicationFactor: 3,
          }),
        ),
      );
    }
    await Promise.all(operations);
  }
  const elapsedMs = performance.now() - started;
  return { opsPerS: (TOPICS * 1000) / elapsedMs, controller: active };
}

const opsPerS: number[] = [];
const encodeMs: number[] = [];
const decodeMs: number[] = [];
let snapshotBytes = 0;
for (let run = 0; run < RUNS; run++) {
  const { opsPerS: rate, controller } = await createTopicsRun();
  opsPerS.push(rate);
  const image = controller.image;
  let started = performance.now();
  const data = encodeMetadataSnapshot(image);
  encodeMs.push(performance.now() - started);
  snapshotBytes = data.byteLength;
  started = performance.now();
  decodeMetadataSnapshot(data, image.offset);
  decodeMs.push(performance.now() - started);
}
const detail = { topics: TOPICS, partitions: PARTITIONS, replicationFactor: 3, replicas: 3, runs: RUNS };
reporter.figure({
  name: "metadata.create_topic.in_memory_quorum.ops_per_s",
  value: median(opsPerS),
  unit: "ops/s",
  detail,
});
reporter.figure({
  name: "metadata.snapshot.encode.ms",
  value: median(encodeMs),
  unit: "ms",
  detail: { ...detail, bytes: snapshotBytes },
});
reporter.figure({
  name: "metadata.snapshot.restore.ms",
  value: median(decodeMs),
  unit: "ms",
  detail: { ...detail, bytes: snapshotBytes },
});
