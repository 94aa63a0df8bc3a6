/**
 * `pnpm bench raft`: a 3-node Raft cluster of real processes (src/bin/raft-node.ts) over gRPC on
 * 127.0.0.1, each with durable storage (fsync per Ready) in a temp dir, default timing (100 ms
 * ticks, election timeout 1 s randomized in [1, 2) s, PreVote and CheckQuorum on).
 *
 * 1. Throughput and commit latency: the leader proposes 100-byte records, one entry each, with
 *    many in flight (RaftBenchService.RunLoad, measured inside the leader so the figures are Raft's:
 *    driver, fsync, transport, followers' fsync; not client RPCs). Median over runs.
 * 2. Failover: kill -9 of the leader → first commit under a new leader, seen from this process
 *    (which polls every member with Propose). The killed member is restarted and caught up
 *    before the next trial.
 *
 * Flags: --runs=N (throughput runs, default 3), --count=N (proposals per run, default 20000),
 * --in-flight=N (default 1024), --trials=N (failover trials, default 10), --json.
 */

import { performance } from "node:perf_hooks";
import { benchmarkReporter, median, positiveIntegerFlag, summarize } from "@rill/bench";
import { waitFor } from "@rill/protocol/testing";
import { ProcessCluster } from "../src/bin/process-cluster.js";

const reporter = benchmarkReporter();
const runs = positiveIntegerFlag("runs", 3);
const count = positiveIntegerFlag("count", 20_000);
const inFlight = positiveIntegerFlag("in-flight", 1024);
const trials = positiveIntegerFlag("trials", 10);
const RECORD_BYTES = 100;
const STEP_TIMEOUT_MS = 60_000;

async function throughput(cluster: ProcessCluster): Promise<void> {
  const { leaderId } = await cluster.waitForLeader(STEP_TIMEOUT_MS);
  reporter.note(`leader is node ${leaderId}; warming up`);
  await cluster.runLoad(leaderId, { count: 2_000, recordBytes: RECORD_BYTES, inFlightMax: inFlight });
  const rates: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let run = 0; run < runs; run++) {
    const result = await cluster.runLoad(leaderId, {
      count,
      recordBytes: RECORD_BYTES,
      inFlightMax: inFlight,
    });
    if (result.failed > 0) throw new Error(`bench: ${result.failed} proposals failed during run ${run + 1}`);
    const rate = (result.committed / result.elapsedMs) * 1000;
    rates.push(rate);
    p50s.push(result.latencyP50Ms);
    p99s.push(result.latencyP99Ms);
    reporter.note(
      `run ${run + 1}: ${Math.round(rate)} entries/s, p50 ${result.latencyP50Ms.toFixed(2)} ms, p99 ${result.latencyP99Ms.toFixed(2)} ms, max ${result.latencyMaxMs.toFixed(2)} ms`,
    );
  }
  const detail = { record_bytes: RECORD_BYTES, in_flight: inFlight, proposals_per_run: count, runs };
  reporter.figure({
    name: "raft.commit.entries_per_s",
    value: Math.round(median(rates)),
    unit: "entries/s",
    detail,
  });
  reporter.figure({ name: "raft.commit.latency_p50_ms", value: median(p50s), unit: "ms", detail });
  reporter.figure({ name: "raft.commit.latency_p99_ms", value: median(p99s), unit: "ms", detail });
  const single = await cluster.runLoad(leaderId, { count: 200, recordBytes: RECORD_BYTES, inFlightMax: 1 });
  reporter.figure({
    name: "raft.commit.latency_p50_ms.one_in_flight",
    value: single.latencyP50Ms,
    unit: "ms",
    detail: { record_bytes: RECORD_BYTES, in_flight: 1, proposals: 200 },
  });
}

async function failover(cluster: ProcessCluster): Promise<void> {
  const samples: number[] = [];
  const record = new Uint8Array(RECORD_BYTES);
  for (let trial = 0; trial < trials; trial++) {
    const old = await cluster.waitForLeader(STEP_TIMEOUT_MS);
    // Every member follows this leader and holds its latest entries before the kill.
    const last = await cluster.propose(old.leaderId, [record]);
    await waitFor(
      async () => {
        const statuses = await Promise.all(cluster.members.map((member) => cluster.status(member.nodeId)));
        return statuses.every(
          (status) => status.appliedIndex >= last.index && status.leaderId === old.leaderId,
        )
          ? true
          : undefined;
      },
      { timeoutMs: STEP_TIMEOUT_MS, message: "all members in sync" },
    );
    let killedAt = 0;
    await cluster.kill(old.leaderId, () => {
      killedAt = performance.now();
    });
    const survivors = cluster.members.filter((member) => member.nodeId !== old.leaderId);
    const committed = await waitFor(
      async () => {
        const attempts = survivors.map((member) =>
          cluster
            .propose(member.nodeId, [record], 2_000)
            .then((position) => (position.term > old.term ? position : undefined)),
        );
        const results = await Promise.all(attempts.map((attempt) => attempt.catch(() => undefined)));
        return results.find((result) => result !== undefined);
      },
      { timeoutMs: STEP_TIMEOUT_MS, message: "a commit under a new leader" },
    );
    const elapsedMs = performance.now() - killedAt;
    samples.push(elapsedMs);
    reporter.note(
      `trial ${trial + 1}: leader ${old.leaderId} killed; commit at index ${committed.index} term ${committed.term} after ${elapsedMs.toFixed(0)} ms`,
    );
    cluster.startMember(old.leaderId);
    await waitFor(
      async () => {
        const status = await cluster.status(old.leaderId);
        return status.appliedIndex >= committed.index ? true : undefined;
      },
      { timeoutMs: STEP_TIMEOUT_MS, message: "the restarted member to catch up" },
    );
  }
  const summary = summarize(samples);
  const detail = { trials, election_timeout_ms: "1000-2000" };
  reporter.figure({ name: "raft.failover.kill9_to_commit_p50_ms", value: summary.p50, unit: "ms", detail });
  reporter.figure({ name: "raft.failover.kill9_to_commit_max_ms", value: summary.max, unit: "ms", detail });
}

const cluster = await ProcessCluster.start({ size: 3 });
try {
  reporter.note("3 raft-node processes on 127.0.0.1, fsync on, election timeout 1 s (randomized to 2 s)");
  await throughput(cluster);
  await failover(cluster);
} finally {
  await cluster.stop();
}
