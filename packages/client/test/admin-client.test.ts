import { RillError } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { AdminClient } from "../src/admin/admin-client.js";
import { failureOutcome } from "../src/retry/outcome.js";
import { FakeCluster } from "../src/testing/fake-cluster.js";

const fastBackoff = { initialMs: 5, maxMs: 20 } as const;
let cluster: FakeCluster | undefined;
let admin: AdminClient | undefined;
afterEach(async () => {
  admin?.close();
  admin = undefined;
  await cluster?.stop();
  cluster = undefined;
});

async function start(options: {
  controllers: number[];
  brokers?: number[];
  bootstrap?: (c: FakeCluster) => string[];
}) {
  cluster = await FakeCluster.start({
    controllers: options.controllers,
    brokers: options.brokers ?? [101, 102, 103],
  });
  admin = new AdminClient({
    bootstrap: options.bootstrap?.(cluster) ?? cluster.bootstrap("controller"),
    backoff: fastBackoff,
    timeoutMs: 5_000,
  });
  return { cluster, admin };
}

describe("AdminClient", () => {
  it("creates, lists, describes and deletes topics with typed per-topic results", async () => {
    const { cluster, admin } = await start({ controllers: [1] });
    const created = await admin.createTopics([
      { name: "orders", partitions: 3, replicationFactor: 3, configs: { "retention.ms": "1000" } },
      { name: "too-wide", partitions: 1, replicationFactor: 9 },
    ]);
    expect(created[0]).toMatchObject({ name: "orders", partitions: 3, replicationFactor: 3, error: null });
    expect(created[1]?.error).toMatchObject({
      errorName: "INVALID_REPLICATION_FACTOR",
      code: 38,
      retriable: false,
    });
    expect(cluster.topics.get("orders")?.configs).toEqual({ "retention.ms": "1000" });
    const request = cluster.callsTo("createTopics")[0]?.request as {
      topics: { configs: unknown }[];
      timeoutMs: number;
    };
    expect(request.topics[0]?.configs).toEqual([{ name: "retention.ms", value: "1000" }]);
    expect(request.timeoutMs).toBeGreaterThan(0);

    expect(await admin.listTopics()).toEqual([
      { name: "orders", topicId: "topic-id-1", isInternal: false, partitions: 3 },
    ]);
    const [orders, missing] = await admin.describeTopics(["orders", "missing"]);
    expect(
      orders?.partitions.map((partition) => [partition.partition, partition.leaderId, partition.isr]),
    ).toEqual([
      [0, 101, [101, 102, 103]],
      [1, 102, [102, 101, 103]],
      [2, 103, [103, 101, 102]],
    ]);
    expect(missing?.error?.errorName).toBe("UNKNOWN_TOPIC_OR_PARTITION");

    const again = await admin.createTopics([{ name: "orders", partitions: 1 }]);
    expect(again[0]?.error).toMatchObject({ errorName: "TOPIC_ALREADY_EXISTS" });
    expect(again[0]?.error?.details.earlierAttemptMayHaveTakenEffect).toBeUndefined();
    const deleted = await admin.deleteTopics(["orders", "nope"]);
    expect(deleted.map((result) => result.error?.errorName ?? "ok")).toEqual([
      "ok",
      "UNKNOWN_TOPIC_OR_PARTITION",
    ]);
  });

  it("follows NOT_CONTROLLER's hint to the active controller and remembers it", async () => {
    const { cluster, admin } = await start({ controllers: [1, 2, 3] });
    cluster.activeControllerId = 3;
    await admin.createTopics([{ name: "a", partitions: 1 }]);
    await admin.listTopics();
    expect(cluster.calls.map((call) => `${call.method}@${call.nodeId}`)).toEqual([
      "createTopics@1",
      "createTopics@3",
      "listTopics@3",
    ]);
    expect(admin.activeController()).toBe(cluster.controllers.get(3)?.address);
  });

  it("tries the next address when NOT_CONTROLLER has no hint, or a node is down", async () => {
    const { cluster, admin } = await start({ controllers: [1, 2, 3] });
    cluster.controllerHints = false;
    cluster.activeControllerId = 3;
    await cluster.stopNode(2);
    const topics = await admin.listTopics();
    expect(topics).toEqual([]);
    expect(cluster.calls.map((call) => `${call.method}@${call.nodeId}`)).toEqual([
      "listTopics@1",
      "listTopics@3",
    ]);
  });

  it("keeps retrying during an election and succeeds once a controller is active", async () => {
    const { cluster, admin } = await start({ controllers: [1, 2] });
    cluster.activeControllerId = -1;
    let attempts = 0;
    cluster.intercept = (call) => {
      if (call.method === "createTopics" && ++attempts === 4) cluster.activeControllerId = 2;
      return undefined;
    };
    const [result] = await admin.createTopics([{ name: "after-election", partitions: 1 }]);
    expect(result?.error).toBeNull();
    expect(attempts).toBeGreaterThanOrEqual(4);
  });

  it("throws a non-retriable whole-request error at once, typed", async () => {
    const { cluster, admin } = await start({ controllers: [1, 2] });
    cluster.intercept = () => ({ kind: "error", error: new RillError("CLUSTER_AUTHORIZATION_FAILED", "no") });
    const error = await admin.deleteTopics(["x"]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorName: "CLUSTER_AUTHORIZATION_FAILED", code: 31, retriable: false });
    expect(cluster.calls).toHaveLength(1);
    expect(failureOutcome(error)).toBe("failed");
  });

  it("reports a create that timed out as INDETERMINATE, and a later TOPIC_ALREADY_EXISTS as possibly ours", async () => {
    const { cluster, admin } = await start({ controllers: [1] });
    cluster.intercept = (call) => (call.method === "createTopics" ? { kind: "hang" } : undefined);
    const error = await admin
      .createTopics([{ name: "slow", partitions: 1 }], { timeoutMs: 2_000 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorName: "INDETERMINATE" });
    expect(failureOutcome(error)).toBe("unknown");

    // The first attempt created the topic but its answer was lost; the retry finds it there.
    let creates = 0;
    cluster.intercept = (call) => {
      if (call.method !== "createTopics" || ++creates > 1) return undefined;
      cluster.addTopic("lost-answer", [101]);
      return {
        kind: "error",
        error: new RillError("NETWORK_EXCEPTION", "connection reset", { details: { indeterminate: true } }),
      };
    };
    const [result] = await admin.createTopics([{ name: "lost-answer", partitions: 1 }]);
    expect(result?.error).toMatchObject({ errorName: "TOPIC_ALREADY_EXISTS" });
    expect(result?.error?.details.earlierAttemptMayHaveTakenEffect).toBe(true);
  });

  it("describes the cluster: controllers with role, term and lag, brokers with state", async () => {
    const { cluster, admin } = await start({ controllers: [1, 2], brokers: [101, 102] });
    await cluster.stopNode(102);
    const description = await admin.describeCluster();
    expect(description).toMatchObject({ clusterId: cluster.clusterId, activeControllerId: 1, raftTerm: 1 });
    expect(
      description.controllers.map((controller) => [controller.nodeId, controller.role, controller.lag]),
    ).toEqual([
      [1, "leader", 0],
      [2, "follower", 0],
    ]);
    expect(description.brokers.map((broker) => [broker.nodeId, broker.state])).toEqual([
      [101, "active"],
      [102, "fenced"],
    ]);
  });

  it("rejects an empty or malformed bootstrap list", () => {
    expect(() => new AdminClient({ bootstrap: [] })).toThrow(RangeError);
    expect(() => new AdminClient({ bootstrap: ["no-port"] })).toThrow(/not host:port/);
  });
});
