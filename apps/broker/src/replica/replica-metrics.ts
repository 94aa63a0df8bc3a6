import type { RillMetrics } from "@rill/runtime";
import type { PartitionSummary } from "./replica-manager-types.js";

/**
 * The replica manager's gauges, computed at scrape time from the partition summaries
 * (Kafka's LeaderCount, PartitionCount, UnderReplicatedPartitions, UnderMinIsr is left out).
 */
export class ReplicaMetrics {
  readonly #metrics: RillMetrics;
  readonly #names = [
    "replica_partitions",
    "replica_leader_partitions",
    "replica_under_replicated_partitions",
  ];

  constructor(metrics: RillMetrics, describe: () => PartitionSummary[]) {
    this.#metrics = metrics;
    metrics.gauge({
      name: "replica_partitions",
      help: "Partition replicas hosted by this broker",
      collect() {
        this.set(describe().length);
      },
    });
    metrics.gauge({
      name: "replica_leader_partitions",
      help: "Partitions this broker leads",
      collect() {
        this.set(describe().filter((summary) => summary.role === "leader").length);
      },
    });
    metrics.gauge({
      name: "replica_under_replicated_partitions",
      help: "Led partitions whose ISR is smaller than their replica set",
      collect() {
        this.set(
          describe().filter(
            (summary) => summary.role === "leader" && summary.isr.length < summary.replicas.length,
          ).length,
        );
      },
    });
  }

  close(): void {
    for (const name of this.#names) this.#metrics.registry.removeSingleMetric(`rill_${name}`);
  }
}
