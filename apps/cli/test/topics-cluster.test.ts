import { FakeCluster } from "@rill/client/testing";
import { RillError } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "./run-in-process.js";

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start() {
  cluster = await FakeCluster.start({ controllers: [1, 2, 3], brokers: [101, 102, 103] });
  cluster.activeControllerId = 2;
  return { cluster, bootstrap: cluster.bootstrap("controller").join(",") };
}

describe("rill topics", () => {
  it("creates, lists, describes and deletes a topic through a non-active controller", async () => {
    const { cluster, bootstrap } = await start();
    const created = await runInProcess([
      "topics",
      "create",
      "orders",
      "--partitions",
      "3",
      "--replication-factor",
      "3",
      "--config",
      "retention.ms=60000",
      "--config",
      "cleanup.policy=compact",
      "--bootstrap",
      bootstrap,
    ]);
    expect(created).toMatchObject({ status: 0, stderr: "" });
    expect(created.stdout).toMatch(
      /^created topic orders \(3 partitions, replication factor 3, id topic-id-1\)\n$/,
    );
    expect(cluster.topics.get("orders")?.configs).toEqual({
      "retention.ms": "60000",
      "cleanup.policy": "compact",
    });

    const listed = await runInProcess(["topics", "list", "--bootstrap", bootstrap, "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual({
      topics: [{ name: "orders", topicId: "topic-id-1", isInternal: false, partitions: 3 }],
    });

    // An ISR change (a follower fell behind) shows up in describe.
    const partition = cluster.topics.get("orders")?.partitions[1];
    if (partition !== undefined) partition.isr = [102, 101];
    const described = await runInProcess(["topics", "describe", "orders", "--bootstrap", bootstrap]);
    expect(described.status).toBe(0);
    expect(described.stdout.split("\n")).toEqual([
      "TOPIC   PARTITION  LEADER  LEADER-EPOCH  REPLICAS     ISR          OFFLINE",
      "orders  0          101     0             101,102,103  101,102,103  -",
      "orders  1          102     0             102,101,103  102,101      -",
      "orders  2          103     0             103,101,102  103,101,102  -",
      "",
    ]);
    const describedJson = JSON.parse(
      (await runInProcess(["topics", "describe", "--bootstrap", bootstrap, "--json"])).stdout,
    );
    expect(describedJson.topics[0].partitions[1]).toMatchObject({
      partition: 1,
      leaderId: 102,
      leaderEpoch: 0,
      isr: [102, 101],
    });

    const deleted = await runInProcess(["topics", "delete", "orders", "--bootstrap", bootstrap]);
    expect(deleted).toMatchObject({ status: 0, stdout: "deleted topic orders\n" });
    expect(cluster.topics.size).toBe(0);
  });

  it("fails a cluster refusal with exit 1 and one line naming the error", async () => {
    const { bootstrap } = await start();
    await runInProcess(["topics", "create", "dup", "--bootstrap", bootstrap]);
    const again = await runInProcess(["topics", "create", "dup", "--bootstrap", bootstrap]);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe("rill: create topic 'dup': TOPIC_ALREADY_EXISTS: topic 'dup' already exists\n");
    const missing = await runInProcess(["topics", "describe", "nope", "--bootstrap", bootstrap]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^rill: topic 'nope': UNKNOWN_TOPIC_OR_PARTITION/);
  });

  it("exits 3 when the outcome is unknown (the controller never answered)", async () => {
    const { cluster, bootstrap } = await start();
    cluster.intercept = (call) => (call.method === "createTopics" ? { kind: "hang" } : undefined);
    const result = await runInProcess([
      "topics",
      "create",
      "slow",
      "--bootstrap",
      bootstrap,
      "--timeout-ms",
      "2000",
    ]);
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^rill: outcome unknown: INDETERMINATE: createTopics/);
  });

  it("rejects bad usage with exit 2 before contacting anyone", async () => {
    const { cluster, bootstrap } = await start();
    const cases = [
      ["topics", "create", "x", "--partitions", "0", "--bootstrap", bootstrap],
      ["topics", "create", "x", "--config", "novalue", "--bootstrap", bootstrap],
      ["topics", "create", "x", "--bootstrap", "nohostport"],
      ["topics", "create", "--bootstrap", bootstrap],
      ["topics", "list", "--timeout-ms", "-5", "--bootstrap", bootstrap],
    ];
    for (const args of cases) {
      const result = await runInProcess(args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr, args.join(" ")).toMatch(/^rill: /);
    }
    expect(cluster.calls).toHaveLength(0);
  });
});

describe("rill cluster describe", () => {
  it("shows controllers with role and lag, and brokers with state", async () => {
    const { cluster, bootstrap } = await start();
    await cluster.stopNode(103);
    const result = await runInProcess(["cluster", "describe", "--bootstrap", bootstrap]);
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      `cluster id:        ${cluster.clusterId}`,
      "active controller: 2",
      "raft term:         1",
      "metadata offset:   0",
    ]);
    expect(result.stdout).toMatch(/^2 +127\.0\.0\.1:\d+ +leader +0 +0$/m);
    expect(result.stdout).toMatch(/^1 +127\.0\.0\.1:\d+ +follower +0 +0$/m);
    expect(result.stdout).toMatch(/^103 +127\.0\.0\.1:\d+ +- +fenced +113 +0$/m);
    const json = JSON.parse(
      (await runInProcess(["cluster", "describe", "--bootstrap", bootstrap, "--json"])).stdout,
    );
    expect(json.brokers.map((broker: { state: string }) => broker.state)).toEqual([
      "active",
      "active",
      "fenced",
    ]);
  });

  it("fails with exit 1 when no controller can be reached", async () => {
    const { cluster, bootstrap } = await start();
    cluster.intercept = () => ({
      kind: "error",
      error: new RillError("CLUSTER_AUTHORIZATION_FAILED", "denied"),
    });
    const result = await runInProcess(["cluster", "describe", "--bootstrap", bootstrap]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toBe("rill: CLUSTER_AUTHORIZATION_FAILED: denied\n");
  });
});
