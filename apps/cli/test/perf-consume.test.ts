import { DataClient } from "@rill/client";
import { FakeCluster } from "@rill/client/testing";
import { encodeRecordBatch } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "./run-in-process.js";

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe("rill perf consume", () => {
  it("reads --messages records with several consumers and prints a JSON summary", async () => {
    cluster = await FakeCluster.start({ brokers: [101, 102] });
    cluster.addTopic("events", [101, 102, 101]);
    const data = new DataClient({ bootstrap: cluster.bootstrap() });
    try {
      for (let index = 0; index < 30; index += 1) {
        const records = Array.from({ length: 10 }, () => ({ key: null, value: new Uint8Array(100) }));
        await data.produce({ topic: "events", partition: index % 3, batch: encodeRecordBatch({ records }) });
      }
    } finally {
      data.close();
    }
    const bootstrap = cluster.bootstrap().join(",");
    const args = [
      "perf",
      "consume",
      "--topic",
      "events",
      "--threads",
      "2",
      "--bootstrap",
      bootstrap,
      "--json",
    ];
    const result = await runInProcess([...args, "--messages", "300"]);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      topic: "events",
      records: 300,
      bytes: 30_000,
      threads: 2,
      partitions: 3,
    });
    expect(summary.recordsPerSecond).toBeGreaterThan(0);
    expect(summary.timeToFirstRecordMs).toBeGreaterThanOrEqual(0);
    // More than the topic holds: it reports what it read and fails once nothing more arrives.
    const short = await runInProcess([...args, "--messages", "301", "--timeout-ms", "500"]);
    expect(short.status).toBe(1);
    expect(JSON.parse(short.stdout)).toMatchObject({ records: 300, idleTimedOut: true });
    expect(short.stderr).toMatch(/got 300 of 301/);
    expect((await runInProcess(["perf", "consume", "--topic", "events", "--messages", "0"])).status).toBe(2);
  });

  it("tails with --from latest and reports end-to-end latency from the record timestamps", async () => {
    cluster = await FakeCluster.start({ brokers: [101] });
    cluster.addTopic("events", [101]);
    const bootstrap = cluster.bootstrap().join(",");
    const running = runInProcess([
      "perf",
      "consume",
      "--topic",
      "events",
      "--messages",
      "20",
      "--from",
      "latest",
      "--bootstrap",
      bootstrap,
      "--json",
    ]);
    await waitFor(() => (cluster?.callsTo("fetchStream").length ?? 0) > 0, {
      timeoutMs: 10_000,
      message: "the perf consumer to open its stream",
    });
    const data = new DataClient({ bootstrap: cluster.bootstrap() });
    try {
      const records = Array.from({ length: 20 }, () => ({
        key: null,
        value: new Uint8Array(10),
        timestamp: Date.now(),
      }));
      await data.produce({ topic: "events", partition: 0, batch: encodeRecordBatch({ records }) });
    } finally {
      data.close();
    }
    const result = await running;
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.records).toBe(20);
    expect(summary.endToEndLatencyMs.samples).toBe(20);
    expect(summary.endToEndLatencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(summary.endToEndLatencyMs.max).toBeGreaterThanOrEqual(summary.endToEndLatencyMs.p50);
  });
});
