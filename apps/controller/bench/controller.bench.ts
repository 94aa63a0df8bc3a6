/**
 * `pnpm bench controller`: three controller processes (apps/controller/src/main.ts through tsx)
 * on 127.0.0.1 with default Raft timing (100 ms ticks, election timeout 1 s randomized to 2 s),
 * durable metadata logs in a temp dir, and three fake brokers registered so that topics can be
 * placed.
 *
 * 1. Topic creations/s: CreateTopics with one topic of 1 partition × RF 3 per request, sent to
 *    the active controller with N requests in flight (each one Raft commit); and the latency of a
 *    creation with 1 in flight.
 * 2. Failover: kill -9 of the active controller → the first acknowledged CreateTopics sent to
 *    the surviving controllers (either may answer: a follower forwards to the new active
 *    controller), as the SDK/CLI path sees it. The killed controller is restarted and caught up
 *    before the next trial.
 *
 * Flags: --trials=N (failover trials, default 20), --count=N (creations per throughput run,
 * default 2000), --in-flight=N (default 64), --json.
 */
import { performance } from "node:perf_hooks";
import { benchmarkReporter, median, positiveIntegerFlag, summarize } from "@rill/bench";
import { type ControllerV1, callUnary } from "@rill/protocol";
import { ControllerProcessCluster } from "../test/support/controller-processes.js";

const reporter = benchmarkReporter();
const trials = positiveIntegerFlag("trials", 20);
const count = positiveIntegerFlag("count", 2_000);
const inFlight = positiveIntegerFlag("in-flight", 64);
const STEP_TIMEOUT_MS = 120_000;
/** A failover attempt gives up after this and the next attempt starts. */
const ATTEMPT_TIMEOUT_MS = 2_000;
const THROUGHPUT_TIMEOUT_MS = 30_000;

let topicSequence = 0;
function nextTopicName(): string {
  topicSequence += 1;
  return `bench-${topicSequence}`;
}

/** Creates one topic (1 partition × RF 3); throws unless acknowledged within `timeoutMs`. */
async function createTopic(
  client: ControllerV1.ControllerServiceClient,
  name: string,
  timeoutMs = THROUGHPUT_TIMEOUT_MS,
): Promise<void> {
  const response = await callUnary(
    client,
    "createTopics",
    { topics: [{ name, numPartitions: 1, replicationFactor: 3 }], timeoutMs },
    { timeoutMs },
  );
  const result = response.topics[0];
  if (result?.errorCode !== 0) throw new Error(`creating ${name}: ${result?.errorMessage}`);
}

async function registerBrokers(cluster: ControllerProcessCluster, active: number): Promise<void> {
  const client = cluster.member(active).client;
  for (const id of [101, 102, 103]) {
    const { brokerEpoch } = await callUnary(
      client,
      "registerBroker",
      {
        nodeId: id,
        incarnationId: `bench-${id}`,
        clusterId: cluster.clusterId,
        endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: 9000 + id }],
        previousBrokerEpoch: -1,
      },
      { timeoutMs: 10_000 },
    );
    await callUnary(
      client,
      "brokerHeartbeat",
      { nodeId: id, brokerEpoch, currentMetadataOffset: Number.MAX_SAFE_INTEGER },
      { timeoutMs: 10_000 },
    );
  }
}

async function throughput(cluster: ControllerProcessCluster): Promise<void> {
  const active = await cluster.waitForActiveController({ timeoutMs: STEP_TIMEOUT_MS });
  const client = cluster.member(active).client;
  for (let warmup = 0; warmup < 100; warmup++) await createTopic(client, nextTopicName());
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        next += 1;
        await createTopic(client, nextTopicName());
      }
    }),
  );
  const rate = (count / (performance.now() - started)) * 1000;
  reporter.figure({
    name: "controller.create_topics.per_s",
    value: Math.round(rate),
    unit: "topics/s",
    detail: { in_flight: inFlight, creations: count, partitions: 1, replication_factor: 3 },
  });
  const latencies: number[] = [];
  for (let index = 0; index < 200; index++) {
    const start = performance.now();
    await createTopic(client, nextTopicName());
    latencies.push(performance.now() - start);
  }
  reporter.figure({
    name: "controller.create_topic.latency_p50_ms.one_in_flight",
    value: median(latencies),
    unit: "ms",
    detail: { creations: latencies.length },
  });
}

async function failover(cluster: ControllerProcessCluster): Promise<void> {
  const samples: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const old = await cluster.waitForActiveController({ timeoutMs: STEP_TIMEOUT_MS });
    for (const member of cluster.members) await cluster.waitUntilCaughtUp(member.nodeId, STEP_TIMEOUT_MS);
    const survivors = cluster.members.filter((member) => member.nodeId !== old);
    const killedAt = performance.now();
    await cluster.stop(old, "SIGKILL");
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    // The time of the first acknowledgement, whichever survivor gives it (the other attempt may
    // still be waiting for its deadline).
    let acknowledgedAt: number | undefined;
    while (acknowledgedAt === undefined) {
      if (Date.now() > deadline) throw new Error("bench: no metadata write committed after the failover");
      const attempts = survivors.map((member) =>
        createTopic(member.client, nextTopicName(), ATTEMPT_TIMEOUT_MS).then(() => {
          acknowledgedAt ??= performance.now();
        }),
      );
      await Promise.allSettled(attempts);
      if (acknowledgedAt === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const elapsedMs = acknowledgedAt - killedAt;
    samples.push(elapsedMs);
    reporter.note(
      `trial ${trial + 1}: controller ${old} killed; first topic created after ${elapsedMs.toFixed(0)} ms`,
    );
    cluster.start(old);
    await cluster.waitUntilCaughtUp(old, STEP_TIMEOUT_MS);
  }
  const summary = summarize(samples);
  const detail = { trials, election_timeout_ms: "1000-2000", tick_ms: 100 };
  reporter.figure({
    name: "controller.failover.kill9_to_create_topic_p50_ms",
    value: summary.p50,
    unit: "ms",
    detail,
  });
  reporter.figure({
    name: "controller.failover.kill9_to_create_topic_max_ms",
    value: summary.max,
    unit: "ms",
    detail,
  });
}

const cluster = await ControllerProcessCluster.create({
  // Fake brokers register once and never heartbeat again.
  extraArgs: ["--broker-session-timeout-ms", "3600000", "--log-level", "warn"],
});
try {
  cluster.startAll();
  const active = await cluster.waitForActiveController({ timeoutMs: STEP_TIMEOUT_MS });
  for (const member of cluster.members) await cluster.waitUntilServing(member.nodeId, STEP_TIMEOUT_MS);
  await registerBrokers(cluster, active);
  reporter.note("3 controller processes on 127.0.0.1, fsync on, election timeout 1 s (randomized to 2 s)");
  await throughput(cluster);
  await failover(cluster);
} finally {
  await cluster.close();
}
