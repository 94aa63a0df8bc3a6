/**
 * `pnpm bench reassign-copy`: moving a partition to a new replica, in-process (4 ReplicaManagers
 * with their own gRPC servers and data dirs in ONE Node process). Fills a partition of --mib MiB
 * (segments of --segment-mib MiB) led by broker 1, then copies it four times while a producer
 * keeps writing 10-record batches to another partition that broker 1 leads:
 *   fetch     broker 3 joins as a plain follower (record-batch fetch path)
 *   bulk      broker 2 joins as a replica being added (sealed segments copied whole)
 *   throttled broker 4 joins as a replica being added under leader.replication.throttled.rate
 *             (--throttle-mib MiB/s)
 *   auto      broker 3 joins as a replica being added under the automatic throttle (that rate as
 *             its maximum, --auto-min-mib its minimum, --auto-p99-ms its produce p99 bound)
 * Figures per run: seconds, MiB/s, and the producer's p50/p99 latency during the copy.
 *
 * One event loop runs every broker, so the absolute rates are lower bounds for separate
 * processes; compare the runs with each other.
 *
 * Flags (`--name=value`): --mib (default 256; the README's figures use 1024), --segment-mib (64),
 * --throttle-mib (50), --auto-min-mib (1), --auto-p99-ms (100), --json.
 */

import { benchmarkReporter, percentile, positiveIntegerFlag } from "@rill/bench";
import {
  type MetadataRecord,
  REASSIGNMENT_THROTTLE_AUTO_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG,
  REASSIGNMENT_THROTTLE_CONFIG,
} from "@rill/metadata";
import { encodeRecordBatch } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { produce, ReplicaCluster } from "../test/replica/replica-cluster.js";

const reporter = benchmarkReporter();
const MIB = 1024 * 1024;
const totalBytes = positiveIntegerFlag("mib", 256) * MIB;
const segmentBytes = positiveIntegerFlag("segment-mib", 64) * MIB;
const throttleBytesPerSecond = positiveIntegerFlag("throttle-mib", 50) * MIB;
const autoMinBytesPerSecond = positiveIntegerFlag("auto-min-mib", 1) * MIB;
const autoP99Ms = positiveIntegerFlag("auto-p99-ms", 100);
type Throttle = "none" | "fixed" | "auto";
/** The cluster configs of a throttle mode; `set` false gives the records that remove them. */
function throttleConfigs(throttle: Throttle, set: boolean): MetadataRecord[] {
  const entries: [string, string][] =
    throttle === "none"
      ? []
      : [
          [REASSIGNMENT_THROTTLE_CONFIG, String(throttleBytesPerSecond)],
          ...(throttle === "auto"
            ? ([
                [REASSIGNMENT_THROTTLE_AUTO_CONFIG, "true"],
                [REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG, String(autoMinBytesPerSecond)],
                [REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG, String(autoP99Ms)],
              ] as [string, string][])
            : []),
        ];
  return entries.map(([key, value]) => ({
    type: "Config",
    resource: { type: "cluster", name: "" },
    key,
    value: set ? value : null,
  }));
}

const cluster = await ReplicaCluster.start({
  brokerIds: [nodeId(1), nodeId(2), nodeId(3), nodeId(4)],
  config: { replicaLagTimeMaxMs: 600_000, produceTimeoutDefaultMs: 60_000 },
});
try {
  const topicId = cluster.createTopic("moved", [[nodeId(1)]], {
    "segment.bytes": String(segmentBytes),
    "min.insync.replicas": "1",
  });
  cluster.createTopic("live", [[nodeId(1)]], { "min.insync.replicas": "1" });
  await waitFor(() => (cluster.manager(nodeId(1)).lookup("live", 0) instanceof Error ? undefined : true), {
    timeoutMs: 15_000,

    message: "broker 1 leads",
  });
  const value = Buffer.alloc(1000, 7);
  const fill = Buffer.from(
    encodeRecordBatch({
      records: Array.from({ length: 900 }, () => ({ key: null, value, timestamp: Date.now() })),
    }),
  );
  for (let written = 0; written < totalBytes; written += fill.length) {
    const answer = await produce(cluster.client(nodeId(1)), {
      topic: "moved",
      partition: 0,
      records: fill,
      acks: 1,
    });
    if (answer.errorCode !== 0) throw new Error(`fill failed: ${answer.errorCode}`);
  }
  const leaderLog = (() => {
    const replica = cluster.manager(nodeId(1)).lookup("moved", 0);
    if (replica instanceof Error) throw replica;
    return replica.log;
  })();
  const small = Buffer.from(
    encodeRecordBatch({
      records: Array.from({ length: 10 }, () => ({
        key: null,
        value: value.subarray(0, 100),
        timestamp: Date.now(),
      })),
    }),
  );

  async function move(name: string, brokerId: NodeId, adding: boolean, throttle: Throttle): Promise<void> {
    const latenciesMs: number[] = [];
    let copying = true;
    const producer = (async () => {
      while (copying) {
        const started = performance.now();
        await produce(cluster.client(nodeId(1)), { topic: "live", partition: 0, records: small, acks: 1 });
        latenciesMs.push(performance.now() - started);
      }
    })();
    const replicas = [1, ...[2, 3, 4].filter((id) => id === brokerId)].map(nodeId);
    const started = performance.now();
    cluster.apply([
      ...throttleConfigs(throttle, true),
      { type: "PartitionChange", topicId, partition: 0, replicas, addingReplicas: adding ? [brokerId] : [] },
    ]);
    await waitFor(
      () => {
        const replica = cluster.manager(brokerId).lookup("moved", 0);
        return !(replica instanceof Error) && replica.log.logEndOffset === leaderLog.logEndOffset
          ? true
          : undefined;
      },
      { timeoutMs: 3_600_000, message: `broker ${brokerId} caught up` },
    );
    const seconds = (performance.now() - started) / 1000;
    copying = false;
    await producer;
    // Back to the leader alone (the copy is deleted), and no throttle, for the next run.
    cluster.apply([
      {
        type: "PartitionChange",
        topicId,
        partition: 0,
        replicas: [nodeId(1)],
        isr: [nodeId(1)],
        addingReplicas: [],
      },
      ...throttleConfigs(throttle, false),
    ]);
    const detail = {
      bytes: leaderLog.sizeBytes,
      bulkCopyBytesInstalled: cluster.manager(brokerId).bulkCopyStats().bytesInstalled,
      produces: latenciesMs.length,
      ...(throttle === "none" ? {} : { throttleMiBPerSecond: throttleBytesPerSecond / MIB }),
      ...(throttle === "auto" ? { autoMinMiBPerSecond: autoMinBytesPerSecond / MIB, autoP99Ms } : {}),
    };
    const prefix = `broker.reassign_copy.${name}`;
    reporter.figure({ name: `${prefix}.seconds`, value: seconds, unit: "s", detail });
    reporter.figure({
      name: `${prefix}.mib_per_s`,
      value: leaderLog.sizeBytes / MIB / seconds,
      unit: "MiB/s",
      detail,
    });
    reporter.figure({
      name: `${prefix}.produce.p50`,
      value: percentile(latenciesMs, 0.5),
      unit: "ms",
      detail,
    });
    reporter.figure({
      name: `${prefix}.produce.p99`,
      value: percentile(latenciesMs, 0.99),
      unit: "ms",
      detail,
    });
  }

  await move("fetch", nodeId(3), false, "none");
  await move("bulk", nodeId(2), true, "none");
  await move("throttled", nodeId(4), true, "fixed");
  await move("auto", nodeId(3), true, "auto");
} finally {
  await cluster.close();
}
