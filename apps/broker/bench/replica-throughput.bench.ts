/**
 * `pnpm bench replica-throughput`: in-process produce throughput. Three ReplicaManagers (each
 * with its own gRPC server and data dir) in ONE Node process, RF=3, acks=all, 100-byte records in
 * batches of --batch-records, sent over a ProduceStream with --inflight requests in flight, for
 * --seconds seconds. Figures: records/s, MB/s and the p50/p99 produce latency.
 *
 * The whole cluster shares one event loop, so the rate is a lower bound for a 3-process cluster.
 *
 * Flags (`--name=value`): --seconds (default 10), --batch-records (1000), --inflight (8),
 * --partitions (1), --flush-policy (group-commit or none), --json.
 */

import { benchmarkReporter, listFlag, percentile, positiveIntegerFlag } from "@rill/bench";
import { encodeRecordBatch } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { ReplicaCluster } from "../test/replica/replica-cluster.js";

const reporter = benchmarkReporter();
const seconds = positiveIntegerFlag("seconds", 10);
const batchRecords = positiveIntegerFlag("batch-records", 1000);
const inflightMax = positiveIntegerFlag("inflight", 8);
const partitions = positiveIntegerFlag("partitions", 1);
const flushPolicies = [...listFlag("flush-policy", ["group-commit"])];
const flushPolicy = flushPolicies[0];
if (flushPolicies.length !== 1 || (flushPolicy !== "group-commit" && flushPolicy !== "none")) {
  throw new Error("--flush-policy must be group-commit or none");
}
const RECORD_BYTES = 100;

const cluster = await ReplicaCluster.start({
  brokerIds: [nodeId(1), nodeId(2), nodeId(3)],
  config: {
    replicaLagTimeMaxMs: 30_000,
    replicaFetchWaitMaxMs: 500,
    produceTimeoutDefaultMs: 30_000,
    log: { flushPolicy },
  },
});
try {
  const replicas = Array.from({ length: partitions }, (_, index) =>
    [1, 2, 3].map((_, j) => nodeId(((index + j) % 3) + 1)),
  );
  cluster.createTopic("bench", replicas);
  for (let partition = 0; partition < partitions; partition += 1) {
    const leader = replicas[partition]?.[0] as NodeId;
    await waitFor(
      () =>
        cluster
          .manager(leader)
          .describePartitions()
          .find((p) => p.partition === partition)?.role === "leader"
          ? true
          : undefined,
      { timeoutMs: 15_000, message: "leaders" },
    );
  }
  const value = Buffer.alloc(RECORD_BYTES, 0x61);
  const records = Array.from({ length: batchRecords }, () => ({ key: null, value }));
  const streams = new Map<number, ReturnType<ReturnType<ReplicaCluster["client"]>["ProduceStream"]>>();
  const pending = new Map<
    number,
    { startedNs: bigint; resolve: () => void; reject: (error: Error) => void }
  >();
  for (const id of [1, 2, 3].map(nodeId)) {
    const stream = cluster.client(id).ProduceStream();
    stream.on(
      "data",
      (message: {
        correlationId: number;
        error: unknown;
        response: { responses: { partitionResponses: { errorCode: number }[] }[] } | null;
      }) => {
        const entry = pending.get(message.correlationId);
        pending.delete(message.correlationId);
        const code = message.response?.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
        if (message.error !== null || code !== 0)
          entry?.reject(new Error(`produce failed: ${JSON.stringify(message.error)} ${code}`));
        else entry?.resolve();
      },
    );
    stream.on("error", () => undefined);
    streams.set(id, stream);
  }
  let correlationId = 0;
  const latenciesMs: number[] = [];
  let acknowledged = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  const worker = async (slot: number): Promise<void> => {
    let sent = slot;
    while (Date.now() < deadline) {
      const partition = sent % partitions;
      sent += 1;
      const leader = replicas[partition]?.[0] as NodeId;
      const id = correlationId++;
      const bytes = Buffer.from(encodeRecordBatch({ records }));
      const startedNs = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        pending.set(id, { startedNs, resolve, reject });
        streams.get(leader)?.write({
          correlationId: id,
          request: {
            acks: "ACKS_ALL",
            timeoutMs: 30_000,
            topicData: [{ name: "bench", partitionData: [{ index: partition, records: bytes }] }],
          },
        });
      });
      latenciesMs.push(Number(process.hrtime.bigint() - startedNs) / 1e6);
      acknowledged += batchRecords;
    }
  };
  await Promise.all(Array.from({ length: inflightMax }, (_, slot) => worker(slot)));
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const recordsPerSecond = acknowledged / elapsedS;
  const detail = {
    flushPolicy,
    partitions,
    batchRecords,
    inflight: inflightMax,
    seconds: Number(elapsedS.toFixed(1)),
  };
  const name = "broker.replica.produce_rf3_acks_all";
  reporter.figure({
    name: `${name}.records_per_s`,
    value: Math.round(recordsPerSecond),
    unit: "records/s",
    detail,
  });
  reporter.figure({
    name: `${name}.mb_per_s`,
    value: (recordsPerSecond * RECORD_BYTES) / 1e6,
    unit: "MB/s",
    detail,
  });
  reporter.figure({ name: `${name}.latency.p50`, value: percentile(latenciesMs, 0.5), unit: "ms", detail });
  reporter.figure({ name: `${name}.latency.p99`, value: percentile(latenciesMs, 0.99), unit: "ms", detail });
  for (const stream of streams.values()) stream.end();
} finally {
  await cluster.close();
}
