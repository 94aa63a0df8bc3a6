// In-process produce throughput: 3 ReplicaManagers (each with its own gRPC server and data dir)
// in ONE Node process, RF=3, acks=all, group commit, 100-byte records in batches, sent over a
// ProduceStream with a bounded number of requests in flight. Prints one JSON line per run.
//
//   node --conditions=source --import tsx apps/broker/test/replica/measure-throughput.ts \
//     [--seconds 10] [--batch-records 1000] [--inflight 8] [--partitions 1] [--flush-policy none]
//
// Not a test (no assertions): a figure for the report; the whole cluster shares one event loop,
// so it is a lower bound for a 3-process cluster.

import { parseArgs } from "node:util";
import { encodeRecordBatch } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { ReplicaCluster } from "./replica-cluster.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    "batch-records": { type: "string", default: "1000" },
    inflight: { type: "string", default: "8" },
    partitions: { type: "string", default: "1" },
    "flush-policy": { type: "string", default: "group-commit" },
  },
});
const seconds = Number(values.seconds);
const batchRecords = Number(values["batch-records"]);
const inflightMax = Number(values.inflight);
const partitions = Number(values.partitions);
const flushPolicy = values["flush-policy"] as "group-commit" | "none";

const cluster = await ReplicaCluster.start({
  brokerIds: [1, 2, 3],
  config: {
    replicaLagTimeMaxMs: 30_000,
    replicaFetchWaitMaxMs: 500,
    produceTimeoutDefaultMs: 30_000,
    log: { flushPolicy },
  },
});
try {
  const replicas = Array.from({ length: partitions }, (_, index) =>
    [1, 2, 3].map((_, j) => ((index + j) % 3) + 1),
  );
  cluster.createTopic("bench", replicas);
  for (let partition = 0; partition < partitions; partition += 1) {
    const leader = replicas[partition]?.[0] as number;
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
  const value = Buffer.alloc(100, 0x61);
  const records = Array.from({ length: batchRecords }, () => ({ key: null, value }));
  const streams = new Map<number, ReturnType<ReturnType<ReplicaCluster["client"]>["ProduceStream"]>>();
  const pending = new Map<
    number,
    { startedNs: bigint; resolve: () => void; reject: (error: Error) => void }
  >();
  for (const id of [1, 2, 3]) {
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
      const leader = replicas[partition]?.[0] as number;
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
  latenciesMs.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))] ?? 0;
  const recordsPerSecond = acknowledged / elapsedS;
  console.log(
    JSON.stringify({
      figure: "in-process produce, RF=3, acks=all",
      flushPolicy,
      partitions,
      batchRecords,
      recordBytes: 100,
      inflight: inflightMax,
      seconds: Number(elapsedS.toFixed(1)),
      recordsPerSecond: Math.round(recordsPerSecond),
      megabytesPerSecond: Number(((recordsPerSecond * 100) / 1e6).toFixed(1)),
      latencyP50Ms: Number(percentile(0.5).toFixed(1)),
      latencyP99Ms: Number(percentile(0.99).toFixed(1)),
    }),
  );
  for (const stream of streams.values()) stream.end();
} finally {
  await cluster.close();
}
