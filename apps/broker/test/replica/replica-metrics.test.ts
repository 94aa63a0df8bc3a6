import { RillMetrics } from "@rill/runtime";
import { CleanerStats } from "@rill/storage";
import { describe, expect, it } from "vitest";
import { ReplicaMetrics } from "../../src/replica/replica-metrics.js";

describe("ReplicaMetrics", () => {
  it("exports the log cleaner's progress as it is at scrape time, and removes it on close", async () => {
    const metrics = new RillMetrics({ collectDefault: false });
    const stats = new CleanerStats();
    const replicaMetrics = new ReplicaMetrics(metrics, () => [], stats);
    stats.bytesRead = 4_096;
    stats.recordsRemoved = 17;
    const body = (await metrics.render()).body;
    expect(body).toMatch(/^rill_log_cleaner_read_bytes_total 4096$/m);
    expect(body).toMatch(/^rill_log_cleaner_removed_records_total 17$/m);
    replicaMetrics.close();
    expect((await metrics.render()).body).not.toContain("rill_log_cleaner_");
  });

  it("exports the reassignment throttle's rate in force, 0 when there is none", async () => {
    const metrics = new RillMetrics({ collectDefault: false });
    let rate: number | undefined;
    const replicaMetrics = new ReplicaMetrics(
      metrics,
      () => [],
      new CleanerStats(),
      () => rate,
    );
    expect((await metrics.render()).body).toMatch(/^rill_replica_reassignment_throttle_bytes_per_second 0$/m);
    rate = 2_400_000;
    expect((await metrics.render()).body).toMatch(
      /^rill_replica_reassignment_throttle_bytes_per_second 2400000$/m,
    );
    replicaMetrics.close();
    expect((await metrics.render()).body).not.toContain("reassignment_throttle");
  });
});
