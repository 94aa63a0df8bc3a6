/**
 * `pnpm bench metadata-apply`: the broker's metadata-apply time for ONE change in a cluster with
 * many partitions. One in-process ReplicaManager (real logs in a temp dir) hosts every partition
 * of --topics topics × --partitions-per-topic partitions (default 100 × 100 = 10,000, RF=1, this
 * broker the leader): the worst case for a broker that rescans every partition on each batch.
 * Then --changes single-record metadata batches are applied one at a time, each with its
 * MetadataDelta, as the metadata follower hands them over; the figure is the time from
 * `applyMetadata` to the replica manager having acted on it (`metadataSettled`), p50/p99.
 *
 * Two kinds of change, alternating: a leader election of one partition (a PartitionChange that
 * bumps the leader epoch) and a config change of one topic (`retention.ms`).
 *
 * Flags (`--name=value`): --topics, --partitions-per-topic, --changes (default 200), --json,
 * --without-delta (each change applied as a snapshot is: every partition reconciled, which is what
 * the broker did for every batch before it acted on the delta; the "before" figure).
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { benchmarkReporter, positiveIntegerFlag, summarize } from "@rill/bench";
import { MetadataDelta, MetadataImage, type MetadataRecord } from "@rill/metadata";
import { nodeId } from "@rill/protocol/ids";
import { createLogger, RillMetrics } from "@rill/runtime";
import { ReplicaManager } from "../src/replica/replica-manager.js";
import { resolveReplicaManagerConfig } from "../src/replica/replica-manager-config.js";

const reporter = benchmarkReporter();
const topics = positiveIntegerFlag("topics", 100);
const partitionsPerTopic = positiveIntegerFlag("partitions-per-topic", 100);
const changes = positiveIntegerFlag("changes", 200);
const BROKER_ID = nodeId(1);
const withoutDelta = process.argv.includes("--without-delta");

function topicName(index: number): string {
  return `bench-${String(index).padStart(4, "0")}`;
}

function topicId(index: number): string {
  return `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`;
}

/** Applies one metadata batch as the follower does: a delta on the image, then the new image. */
function applyBatch(
  manager: ReplicaManager,
  image: MetadataImage,
  records: readonly MetadataRecord[],
  useDelta = true,
): MetadataImage {
  const delta = new MetadataDelta(image);
  for (const record of records) delta.replay(record);
  const next = new MetadataImage(delta.apply(image.offset + 1));
  manager.applyMetadata(next, useDelta ? delta : undefined);
  return next;
}

const root = await mkdtemp(join(tmpdir(), "rill-metadata-apply-bench-"));
const manager = await ReplicaManager.open({
  brokerId: BROKER_ID,
  dataDir: join(root, "partitions"),
  controller: {
    brokerEpoch: () => 1n,
    allocateProducerIds: async () => ({ firstProducerId: 0n, count: 1000 }),
    alterPartition: async () => {
      throw new Error("the benchmark changes no ISR");
    },
  },
  logger: createLogger({ name: "broker", level: "silent" }),
  metrics: new RillMetrics({ collectDefault: false }),
  config: resolveReplicaManagerConfig({ minInsyncReplicasDefault: 1 }),
});
try {
  const partitionCount = topics * partitionsPerTopic;
  reporter.note(`opening ${partitionCount} partition logs (${topics} topics × ${partitionsPerTopic})`);
  let image = MetadataImage.EMPTY;
  const openStartMs = performance.now();
  for (let topic = 0; topic < topics; topic += 1) {
    const records: MetadataRecord[] = [{ type: "Topic", name: topicName(topic), topicId: topicId(topic) }];
    for (let partition = 0; partition < partitionsPerTopic; partition += 1) {
      records.push({
        type: "Partition",
        topicId: topicId(topic),
        partition,
        replicas: [BROKER_ID],
        isr: [BROKER_ID],
        leader: BROKER_ID,
        leaderEpoch: 0,
        partitionEpoch: 0,
        addingReplicas: [],
        removingReplicas: [],
      });
    }
    image = applyBatch(manager, image, records);
  }
  await manager.metadataSettled();
  reporter.note(`opened in ${((performance.now() - openStartMs) / 1000).toFixed(1)} s`);

  const samplesMs: number[] = [];
  for (let change = 0; change < changes; change += 1) {
    const topic = change % topics;
    const records: MetadataRecord[] =
      change % 2 === 0
        ? [
            {
              type: "PartitionChange",
              topicId: topicId(topic),
              partition: change % partitionsPerTopic,
              leader: BROKER_ID,
            },
          ]
        : [
            {
              type: "Config",
              resource: { type: "topic", name: topicName(topic) },
              key: "retention.ms",
              value: String(86_400_000 + change),
            },
          ];
    const startMs = performance.now();
    image = applyBatch(manager, image, records, !withoutDelta);
    await manager.metadataSettled();
    samplesMs.push(performance.now() - startMs);
  }
  const summary = summarize(samplesMs);
  const detail = { partitions: partitionCount, changes, delta: withoutDelta ? "no" : "yes" };
  reporter.figure({ name: "broker.metadata_apply.one_change.p50", value: summary.p50, unit: "ms", detail });
  reporter.figure({ name: "broker.metadata_apply.one_change.p99", value: summary.p99, unit: "ms", detail });
  reporter.figure({ name: "broker.metadata_apply.one_change.max", value: summary.max, unit: "ms", detail });
} finally {
  await manager.close();
  await rm(root, { recursive: true, force: true });
}
