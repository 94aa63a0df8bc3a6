import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRillError } from "@rill/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDataDir } from "../data-dir/format.js";
import { randomClusterId } from "../data-dir/identity.js";
import { readLockHolder } from "../data-dir/lock.js";
import { type ProcessRuntime, startProcessRuntime } from "./start.js";

let root: string;
const started: ProcessRuntime[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "rill-process-"));
});
afterEach(async () => {
  for (const runtime of started.splice(0)) await runtime.lifecycle.shutdown("test end");
  rmSync(root, { recursive: true, force: true });
});

function options(dataDir: string, clusterId: string) {
  return {
    name: "controller",
    logLevel: "info" as const,
    logFile: join(root, "controller.log"),
    identityFields: { nodeId: 1 },
    metricsListener: { host: "127.0.0.1", port: 0 },
    dataDir: { path: dataDir, expectedNodeId: 1, expectedClusterId: clusterId },
    installHandlers: false,
  };
}

describe("startProcessRuntime", () => {
  it("checks and locks the data dir, serves metrics and health, and undoes it all on shutdown", async () => {
    const dataDir = join(root, "data");
    const clusterId = randomClusterId();
    await formatDataDir({ dataDir, nodeId: 1, clusterId });
    const runtime = await startProcessRuntime(options(dataDir, clusterId));
    started.push(runtime);
    expect(runtime.identity).toEqual({ version: 1, nodeId: 1, clusterId });
    expect(await readLockHolder(dataDir)).toBe(process.pid);

    runtime.metrics.gauge({ name: "raft_term", help: "term" }).set(4);
    const url = runtime.metricsServer.url;
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('rill_raft_term{node_id="1"} 4');
    expect((await fetch(`${url}/healthz`)).status).toBe(503);
    runtime.health.setServing("", true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    // A second process on the same dir is refused, and leaves nothing running.
    const second = startProcessRuntime(options(dataDir, clusterId));
    await expect(second).rejects.toSatisfy((error) => isRillError(error, "INVALID_DATA_DIR"));

    const results = await runtime.lifecycle.shutdown("test");
    expect(results.map((result) => result.name)).toEqual(["metrics endpoint", "data-dir lock"]);
    expect(runtime.health.status()).toBe("NOT_SERVING");
    expect(await readLockHolder(dataDir)).toBeUndefined();
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
    const log = readFileSync(join(root, "controller.log"), "utf8");
    expect(log).toContain("controller runtime started");
    expect(log).toContain('"nodeId":1');
  });

  it("refuses an unformatted or foreign data dir before serving anything", async () => {
    const clusterId = randomClusterId();
    await expect(startProcessRuntime(options(join(root, "empty"), clusterId))).rejects.toThrow(
      /is not formatted/,
    );
    const dataDir = join(root, "foreign");
    await formatDataDir({ dataDir, nodeId: 1, clusterId: randomClusterId() });
    await expect(startProcessRuntime(options(dataDir, clusterId))).rejects.toThrow(/belongs to cluster/);
    expect(await readLockHolder(dataDir)).toBeUndefined();
  });
});
