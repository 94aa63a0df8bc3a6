import { DataClient } from "@rill/client";
import { FakeCluster } from "@rill/client/testing";
import { encodeRecordBatch } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { formatLagMs } from "../src/commands/groups.js";
import { runInProcess } from "./run-in-process.js";

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** A fake cluster with topic "orders" (2 partitions: 10 and 4 records) and group "g" committed at 3 on partition 0. */
async function start() {
  cluster = await FakeCluster.start({ controllers: [1], brokers: [101, 102] });
  cluster.addTopic("orders", [101, 102]);
  const data = new DataClient({ bootstrap: cluster.bootstrap() });
  const batch = (count: number) =>
    encodeRecordBatch({
      records: Array.from({ length: count }, () => ({ key: null, value: new Uint8Array([1]) })),
    });
  await data.produce({ topic: "orders", partition: 0, batch: batch(10) });
  await data.produce({ topic: "orders", partition: 1, batch: batch(4) });
  data.close();
  cluster.groupCoordinator.group("g").offsets.set("orders:0", { offset: 3, metadata: "" });
  return { cluster, bootstrap: cluster.bootstrap("controller").join(",") };
}

describe("rill groups", () => {
  it("reset-offsets prints a plan and changes nothing without --execute, commits with it", async () => {
    const { cluster, bootstrap } = await start();
    const dry = await runInProcess([
      "groups",
      "reset-offsets",
      "g",
      "--topic",
      "orders",
      "--to-latest",
      "--bootstrap",
      bootstrap,
    ]);
    expect(dry).toMatchObject({ status: 0, stderr: "" });
    expect(dry.stdout).toBe(
      [
        "TOPIC   PARTITION  BEFORE  AFTER",
        "orders  0          3       10",
        "orders  1          -       4",
        "dry run: nothing changed (add --execute to commit these offsets)",
        "",
      ].join("\n"),
    );
    expect(cluster.groupCoordinator.group("g").offsets.get("orders:0")?.offset).toBe(3);

    const executed = await runInProcess([
      "groups",
      "reset-offsets",
      "g",
      "--topic",
      "orders",
      "--shift-by",
      "-2",
      "--execute",
      "--json",
      "--bootstrap",
      bootstrap,
    ]);
    // Partition 1 has no committed offset to shift from: refused whole, nothing committed.
    expect(executed.status).toBe(1);
    expect(executed.stderr).toMatch(/INVALID_REQUEST: .*orders-1 has no committed offset/);

    const toOffset = await runInProcess([
      "groups",
      "reset-offsets",
      "g",
      "--topic",
      "orders",
      "--to-offset",
      "7",
      "--execute",
      "--json",
      "--bootstrap",
      bootstrap,
    ]);
    expect(toOffset.status).toBe(0);
    expect(JSON.parse(toOffset.stdout)).toMatchObject({
      executed: true,
      rows: [
        { partition: 0, before: 3, after: 7 },
        { partition: 1, before: -1, after: 4 },
      ],
    });
    expect(cluster.groupCoordinator.group("g").offsets.get("orders:0")?.offset).toBe(7);
  });

  it("reset-offsets on a group with members is refused with the number of members", async () => {
    const { cluster, bootstrap } = await start();
    cluster.groupCoordinator.heartbeat({
      groupId: "g",
      memberId: "",
      memberEpoch: 0,
      instanceId: "",
      rackId: "",
      rebalanceTimeoutMs: 1000,
      sessionTimeoutMs: 60_000,
      subscribedTopicNames: ["orders"],
      subscribedTopicNamesSet: true,
      subscribedTopicRegex: "",
      serverAssignor: "",
      ownedPartitions: [],
      ownedPartitionsSet: true,
      clientId: "test",
    });
    const refused = await runInProcess([
      "groups",
      "reset-offsets",
      "g",
      "--topic",
      "orders",
      "--to-earliest",
      "--execute",
      "--bootstrap",
      bootstrap,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe("rill: NON_EMPTY_GROUP: group g has 1 active member; stop them first\n");
    expect(cluster.groupCoordinator.group("g").offsets.get("orders:0")?.offset).toBe(3);
  });

  it("lists, describes with lag in records and time, and deletes", async () => {
    const { bootstrap } = await start();
    const listed = await runInProcess(["groups", "list", "--bootstrap", bootstrap]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(
      /^GROUP\s+STATE\s+PROTOCOL\s+COORDINATOR\ng\s+empty\s+consumer\s+127\.0\.0\.1:\d+\n$/,
    );
    const described = await runInProcess(["groups", "describe", "g", "--bootstrap", bootstrap]);
    expect(described.status).toBe(0);
    expect(described.stdout).toContain("state:      empty");
    expect(described.stdout).toMatch(
      /TOPIC\s+PARTITION\s+MEMBER\s+COMMITTED\s+LOG-END\s+LAG\s+LAG-TIME\norders\s+0\s+-\s+3\s+10\s+7\s+3\.2 s/,
    );
    const deleted = await runInProcess(["groups", "delete", "g", "--bootstrap", bootstrap]);
    expect(deleted).toMatchObject({ status: 0, stdout: "deleted group g\n" });
    const again = await runInProcess(["groups", "delete", "g", "--bootstrap", bootstrap]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("GROUP_ID_NOT_FOUND");
  });

  it("needs exactly one reset target, and --group refuses partition flags", async () => {
    const none = await runInProcess(["groups", "reset-offsets", "g", "--topic", "orders"]);
    expect(none.status).toBe(2);
    const two = await runInProcess([
      "groups",
      "reset-offsets",
      "g",
      "--topic",
      "t",
      "--to-earliest",
      "--to-latest",
    ]);
    expect(two.status).toBe(2);
    const clash = await runInProcess(["consume", "orders", "--group", "g", "--partition", "0"]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain("--partition cannot be used with --group");
  });

  it("consume --group reads from the committed offset and commits what it printed", async () => {
    const { cluster, bootstrap } = await start();
    const consumed = await runInProcess([
      "consume",
      "orders",
      "--group",
      "g",
      "--from-beginning",
      "--max-messages",
      "11",
      "--format",
      "%p:%o\\n",
      "--bootstrap",
      bootstrap,
    ]);
    expect(consumed.status).toBe(0);
    const lines = consumed.stdout.trim().split("\n").sort();
    // Partition 0 from its commit (3..9), partition 1 from the beginning (no commit: 0..3).
    expect(lines).toEqual(
      [...[3, 4, 5, 6, 7, 8, 9].map((offset) => `0:${offset}`), "1:0", "1:1", "1:2", "1:3"].sort(),
    );
    const offsets = cluster.groupCoordinator.group("g").offsets;
    expect(offsets.get("orders:0")?.offset).toBe(10);
    expect(offsets.get("orders:1")?.offset).toBe(4);
  });

  it("formats lag times for people", () => {
    expect([-1, 0, 850, 3_200, 270_000, 7_560_000].map(formatLagMs)).toEqual([
      "-",
      "0 s",
      "850 ms",
      "3.2 s",
      "4.5 min",
      "2.1 h",
    ]);
  });
});
