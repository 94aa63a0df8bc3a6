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
  cluster = await FakeCluster.start({ controllers: [3, 1, 2], brokers: [101] });
  cluster.activeControllerId = 2;
  return { cluster, bootstrap: cluster.bootstrap("controller").join(",") };
}

describe("rill controllers list", () => {
  it("lists every voter by id with its address, role and lag, through any controller", async () => {
    const { bootstrap } = await start();
    const result = await runInProcess(["controllers", "list", "--bootstrap", bootstrap]);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "active controller: 2",
      "raft term:         1",
      "metadata offset:   0",
      "",
    ]);
    expect(lines[4]).toMatch(/^CONTROLLER +ADDRESS +ROLE +LOG-END +LAG$/);
    expect(lines[5]).toMatch(/^1 +127\.0\.0\.1:\d+ +follower +0 +0$/);
    expect(lines[6]).toMatch(/^2 +127\.0\.0\.1:\d+ +leader +0 +0$/);
    expect(lines[7]).toMatch(/^3 +127\.0\.0\.1:\d+ +follower +0 +0$/);

    const json = JSON.parse(
      (await runInProcess(["controllers", "list", "--bootstrap", bootstrap, "--json"])).stdout,
    );
    expect(json.activeControllerId).toBe(2);
    expect(json.controllers.map((c: { nodeId: number; role: string }) => [c.nodeId, c.role])).toEqual([
      [1, "follower"],
      [2, "leader"],
      [3, "follower"],
    ]);
  });

  it("fails with exit 1 and the error name when the controllers refuse", async () => {
    const { cluster, bootstrap } = await start();
    cluster.intercept = () => ({
      kind: "error",
      error: new RillError("CLUSTER_AUTHORIZATION_FAILED", "denied"),
    });
    const result = await runInProcess(["controllers", "list", "--bootstrap", bootstrap]);
    expect(result).toMatchObject({ status: 1, stdout: "" });
    expect(result.stderr).toBe("rill: CLUSTER_AUTHORIZATION_FAILED: denied\n");
  });
});
