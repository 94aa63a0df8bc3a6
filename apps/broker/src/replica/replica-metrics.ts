import type { RillMetrics } from "@rill/runtime";
import type { CleanerStats } from "@rill/storage";
import type { PartitionSummary } from "./replica-manager-types.js";

/** CleanerStats fields exported as gauges (counters in storage; gauges so a scrape reads them as they are). */
const CLEANER_METRICS: readonly {
  readonly name: string;
  readonly help: string;
  readonly stat: keyof CleanerStats;
}[] = [
  {
    name: "log_cleaner_passes_total",
    help: "Cleaner passes over a compacted log with a dirty section",
    stat: "passes",
  },
  { name: "log_cleaner_read_bytes_total", help: "Bytes read by the log cleaner", stat: "bytesRead" },
  {
    name: "log_cleaner_written_bytes_total",
    help: "Bytes written to cleaned segments",
    stat: "bytesWritten",
  },
  {
    name: "log_cleaner_removed_records_total",
    help: "Records removed by the log cleaner",
    stat: "recordsRemoved",
  },
  {
    name: "log_cleaner_replaced_segments_total",
    help: "Segments replaced by cleaned ones",
    stat: "segmentsReplaced",
  },
  {
    name: "log_cleaner_throttled_milliseconds_total",
    help: "Time the cleaner slept for log.cleaner.io.max.bytes.per.second",
    stat: "throttledMs",
  },
  { name: "log_cleaner_errors_total", help: "Cleaner passes that failed", stat: "errors" },
  {
    name: "log_cleaner_last_pass_bytes_per_second",
    help: "Bytes of log read per second in the last cleaner pass",
    stat: "lastPassBytesPerSecond",
  },
];

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
    ...CLEANER_METRICS.map((metric) => metric.name),
  ];

  constructor(metrics: RillMetrics, describe: () => PartitionSummary[], cleanerStats: CleanerStats) {
    this.#metrics = metrics;
    // The log cleaner's progress (storage keeps plain counters; they are read at scrape time).
    for (const metric of CLEANER_METRICS) {
      metrics.gauge({
        name: metric.name,
        help: metric.help,
        collect() {
          this.set(cleanerStats[metric.stat]);
        },
      });
    }
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
