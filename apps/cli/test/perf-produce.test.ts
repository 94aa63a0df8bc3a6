import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeCluster } from "@rill/client/testing";
import { decodeRecordBatch } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "./run-in-process.js";

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe("rill perf produce", () => {
  it("sends --num-records of --record-size and prints the summary as JSON", async () => {
    cluster = await FakeCluster.start({ brokers: [1, 2] });
    cluster.addTopic("perf", [1, 2]);
    const result = await runInProcess([
      "perf",
      "produce",
      "--topic",
      "perf",
      "--num-records",
      "3000",
      "--record-size",
      "100",
      "--producer-props",
      "linger.ms=2",
      "batch.size=4096",
      "--json",
      "--bootstrap",
      cluster.bootstrap()[0] as string,
    ]);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ records: 3000, failed: 0, indeterminate: 0 });
    expect(summary.settings).toMatchObject({ lingerMs: 2, batchSize: 4096, recordSize: 100 });
    for (const key of ["avg", "p50", "p95", "p99", "p999", "max"])
      expect(summary.latencyMs[key]).toBeGreaterThan(0);
    // Every produce request's round trip, from the SDK's response events (one request carries
    // at least one record, and 3,000 records in batches of at most 4 KiB need several).
    expect(summary.requests.count).toBeGreaterThan(1);
    expect(summary.requests.count).toBeLessThanOrEqual(3000);
    expect(summary.requests.p99Ms).toBeGreaterThanOrEqual(summary.requests.p50Ms);
    const stored = [0, 1].flatMap((partition) =>
      (cluster?.topics.get("perf")?.partitions[partition]?.batches ?? []).flatMap(
        (batch) => decodeRecordBatch(batch).records,
      ),
    );
    expect(stored).toHaveLength(3000);
    expect(stored.every((record) => record.value?.length === 100)).toBe(true);
  });

  it("--profile writes the client's CPU profile and prints its top frames; perf top reads it back", async () => {
    cluster = await FakeCluster.start({ brokers: [1] });
    cluster.addTopic("profiled", [1]);
    const directory = await mkdtemp(join(tmpdir(), "rill-perf-profile-"));
    try {
      const file = join(directory, "client.cpuprofile");
      const result = await runInProcess([
        "perf",
        "produce",
        "--topic",
        "profiled",
        "--num-records",
        "2000",
        "--record-size",
        "100",
        "--profile",
        file,
        "--json",
        "--bootstrap",
        cluster.bootstrap()[0] as string,
      ]);
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ records: 2000 });
      const profile = JSON.parse(await readFile(file, "utf8"));
      expect(profile.nodes.length).toBeGreaterThan(0);
      expect(profile.samples.length).toBe(profile.timeDeltas.length);
      expect(result.stderr).toContain(`CPU profile of the client: ${file}`);
      expect(result.stderr).toMatch(/self%\s+self ms\s+function/);
      const top = await runInProcess(["perf", "top", file, "--frames", "3"]);
      expect(top.status).toBe(0);
      expect(top.stdout.trim().split("\n")).toHaveLength(4);
      const notProfile = join(directory, "not.cpuprofile");
      await writeFile(notProfile, "{}");
      expect((await runInProcess(["perf", "top", notProfile])).status).toBe(2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("refuses an unknown producer property and a missing size", async () => {
    cluster = await FakeCluster.start({ brokers: [1] });
    const bootstrap = cluster.bootstrap()[0] as string;
    const unknown = await runInProcess([
      "perf",
      "produce",
      "--topic",
      "t",
      "--num-records",
      "1",
      "--record-size",
      "1",
      "--producer-props",
      "bogus=1",
      "--bootstrap",
      bootstrap,
    ]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown property 'bogus'/);
    const noSize = await runInProcess([
      "perf",
      "produce",
      "--topic",
      "t",
      "--num-records",
      "1",
      "--bootstrap",
      bootstrap,
    ]);
    expect(noSize.status).toBe(2);
  });
});
