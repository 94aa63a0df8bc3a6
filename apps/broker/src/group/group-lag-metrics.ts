import type { RillMetrics } from "@rill/runtime";
import type { GroupCoordinator } from "./group-coordinator.js";
import type { GroupLagReader } from "./group-lag.js";

/** Partitions reported per scrape at most (a named bound on the work one scrape may cause). */
const LAG_METRIC_PARTITIONS_MAX = 10_000;

interface LagRow {
  readonly labels: { group: string; topic: string; partition: string };
  readonly lagRecords: number;
  readonly lagMs: number;
}

/**
 * `rill_group_lag_records` and `rill_group_lag_seconds` {group, topic, partition} for the groups
 * this broker coordinates, computed at scrape time (one computation shared by both gauges);
 * unknown figures (nothing committed, leader unreachable) are left out rather than shown as 0.
 * Returns a function that unregisters them.
 */
export function registerGroupLagMetrics(
  metrics: RillMetrics,
  coordinator: GroupCoordinator,
  lag: GroupLagReader,
): () => void {
  let inFlight: Promise<LagRow[]> | undefined;
  const rows = (): Promise<LagRow[]> => {
    inFlight ??= collectRows(coordinator, lag).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  metrics.gauge({
    name: "group_lag_records",
    help: "Records between a consumer group's committed offset and the partition's high watermark",
    labelNames: ["group", "topic", "partition"],
    async collect() {
      const current = await rows();
      this.reset();
      for (const row of current) if (row.lagRecords >= 0) this.set(row.labels, row.lagRecords);
    },
  });
  metrics.gauge({
    name: "group_lag_seconds",
    help: "Age of the oldest record a consumer group has not consumed yet (0 when caught up)",
    labelNames: ["group", "topic", "partition"],
    async collect() {
      const current = await rows();
      this.reset();
      for (const row of current) if (row.lagMs >= 0) this.set(row.labels, row.lagMs / 1000);
    },
  });
  return () => {
    for (const name of ["group_lag_records", "group_lag_seconds"]) {
      metrics.registry.removeSingleMetric(`rill_${name}`);
    }
  };
}

async function collectRows(coordinator: GroupCoordinator, lag: GroupLagReader): Promise<LagRow[]> {
  const groups = await coordinator.readAll((shard) => shard.listGroups().map((group) => group.groupId));
  const result: LagRow[] = [];
  for (const groupId of groups) {
    if (result.length >= LAG_METRIC_PARTITIONS_MAX) break;
    const described = await lag.describeGroupOffsets(groupId);
    for (const partition of described.partitions) {
      if (result.length >= LAG_METRIC_PARTITIONS_MAX) break;
      if (Number(partition.committedOffset) < 0) continue;
      result.push({
        labels: { group: groupId, topic: partition.topic, partition: String(partition.partition) },
        lagRecords: Number(partition.lagRecords),
        lagMs: Number(partition.lagMs),
      });
    }
  }
  return result;
}
