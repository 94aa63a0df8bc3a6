/**
 * Three raft-node processes over gRPC on 127.0.0.1: elect, commit, kill -9 the leader, commit
 * under a new leader, restart the old leader and watch it catch up from its durable state.
 */
import { waitFor } from "@rill/protocol/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ProcessCluster } from "../../src/bin/process-cluster.js";

const STEP_TIMEOUT_MS = 45_000;
let cluster: ProcessCluster | undefined;

afterAll(async () => {
  await cluster?.stop();
});

describe("a 3-node cluster of real processes", () => {
  it("survives kill -9 of the leader and brings it back up to date", { timeout: 180_000 }, async () => {
    cluster = await ProcessCluster.start({
      size: 3,
      nodeArgs: ["--tick-ms", "50", "--election-ticks", "10"],
    });
    const first = await cluster.waitForLeader(STEP_TIMEOUT_MS);
    const record = new Uint8Array(100).fill(1);
    let committed = { index: 0, term: 0 };
    for (let i = 0; i < 10; i++) committed = await cluster.propose(first.leaderId, [record, record]);
    expect(committed.term).toBe(first.term);

    await cluster.kill(first.leaderId);
    const second = await cluster.waitForLeader(STEP_TIMEOUT_MS, [first.leaderId]);
    expect(second.leaderId).not.toBe(first.leaderId);
    expect(second.term).toBeGreaterThan(first.term);
    const afterFailover = await waitFor(
      () => (cluster as ProcessCluster).propose(second.leaderId, [record]),
      { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 50, message: "a commit under the new leader" },
    );
    expect(afterFailover.index).toBeGreaterThan(committed.index);
    expect(afterFailover.term).toBe(second.term);

    cluster.startMember(first.leaderId);
    const caughtUp = await waitFor(
      async () => {
        const status = await (cluster as ProcessCluster).status(first.leaderId);
        return status.appliedIndex >= afterFailover.index ? status : undefined;
      },
      { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 50, message: "the old leader to catch up" },
    );
    expect(caughtUp.role).toBe("follower");
    expect(caughtUp.leaderId).toBe(second.leaderId);
    expect(caughtUp.term).toBe(second.term);
  });
});
