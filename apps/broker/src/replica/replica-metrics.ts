import type { RillMetrics } from "@rill/runtime";
import type { CleanerStats, FlushRound } from "@rill/storage";
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
  {
    name: "log_cleaner_skipped_passes_total",
    help: "Compacted logs with a dirty section left alone (below min.cleanable.dirty.ratio)",
    stat: "passesSkipped",
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

/** fsync round buckets in seconds: 50 µs (a page-cache-only device) to 5 s (a stalled disk). */
const FLUSH_LATENCY_BUCKETS_SECONDS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5,
];
/** Logs per group-commit round: powers of two up to 1024 (a broker hosts thousands at most). */
const FLUSH_ROUND_LOGS_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const FLUSH_METRIC_NAMES = ["log_flush_duration_seconds", "log_flush_round_logs"];

/**
 * The group-commit metrics, registered before the logs open (LogManager takes the callback):
 * `rill_log_flush_duration_seconds`, one observation per round (the fdatasyncs of every log in
 * it, in parallel: what an acks waiting on durability waits for), and `rill_log_flush_round_logs`,
 * how many logs one round covered (the group-commit batch size).
 */
export function flushRoundMetrics(metrics: RillMetrics): (round: FlushRound) => void {
  const duration = metrics.histogram({
    name: "log_flush_duration_seconds",
    help: "duration of one group-commit round (the fsyncs of every log in it, in parallel)",
    buckets: FLUSH_LATENCY_BUCKETS_SECONDS,
  });
  const logs = metrics.histogram({
    name: "log_flush_round_logs",
    help: "logs fsynced together in one group-commit round",
    buckets: FLUSH_ROUND_LOGS_BUCKETS,
  });
  return (round) => {
    duration.observe(round.durationMs / 1000);
    logs.observe(round.logs);
  };
}

/** Per-partition gauges (labels `topic`, `partition`: one series per hosted replica). */
const PARTITION_METRICS: readonly {
  readonly name: string;
  readonly help: string;
  /** undefined: no series for this replica (e.g. lag on a follower). */
  readonly value: (summary: PartitionSummary) => number | undefined;
}[] = [
  {
    name: "log_size_bytes",
    help: "bytes of the partition's log on this broker (all segments)",
    value: (summary) => summary.logSizeBytes,
  },
  {
    name: "log_segments",
    help: "segments in the partition's log on this broker",
    value: (summary) => summary.logSegmentCount,
  },
  {
    name: "replica_follower_lag_records",
    help: "on the leader: the most records a follower of the partition is behind the leader's log end",
    value: (summary) => summary.followerLag?.recordsMax,
  },
  {
    name: "replica_follower_lag_seconds",
    help: "on the leader: the longest time since a follower of the partition was last caught up",
    value: (summary) =>
      summary.followerLag === undefined ? undefined : summary.followerLag.timeMsMax / 1000,
  },
];

/**
 * The replica manager's metrics, gauges computed at scrape time from the partition summaries
 * (Kafka's LeaderCount, PartitionCount, UnderReplicatedPartitions, IsrShrinks/ExpandsPerSec, log
 * Size and NumLogSegments; UnderMinIsr is left out).
 */
export class ReplicaMetrics {
  readonly #metrics: RillMetrics;
  readonly #names = [
    "replica_partitions",
    "replica_leader_partitions",
    "replica_under_replicated_partitions",
    "replica_isr_shrinks_total",
    "replica_isr_expands_total",
    ...PARTITION_METRICS.map((metric) => metric.name),
    "replica_reassignment_throttle_bytes_per_second",
    ...FLUSH_METRIC_NAMES,
    ...CLEANER_METRICS.map((metric) => metric.name),
  ];
  readonly #isrShrinks;
  readonly #isrExpands;

  /** `reassignmentRate`: the reassignment throttle's rate in force here (undefined: none). */
  constructor(
    metrics: RillMetrics,
    describe: () => PartitionSummary[],
    cleanerStats: CleanerStats,
    reassignmentRate: () => number | undefined = () => undefined,
  ) {
    this.#metrics = metrics;
    // The automatic throttle moves it; 0 while no throttle is set.
    metrics.gauge({
      name: "replica_reassignment_throttle_bytes_per_second",
      help: "the rate this broker, as leader, sends to replicas being added (0: not throttled)",
      collect() {
        this.set(reassignmentRate() ?? 0);
      },
    });
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
    for (const metric of PARTITION_METRICS) {
      metrics.gauge<"topic" | "partition">({
        name: metric.name,
        help: metric.help,
        labelNames: ["topic", "partition"],
        collect() {
          // Rebuilt on each scrape: a replica that moved away or was deleted leaves no series.
          this.reset();
          for (const summary of describe()) {
            const value = metric.value(summary);
            if (value !== undefined)
              this.set({ topic: summary.topic, partition: String(summary.partition) }, value);
          }
        },
      });
    }
    this.#isrShrinks = metrics.counter({
      name: "replica_isr_shrinks_total",
      help: "ISR shrinks this broker committed as a partition leader (AlterPartition accepted)",
    });
    this.#isrExpands = metrics.counter({
      name: "replica_isr_expands_total",
      help: "ISR expansions this broker committed as a partition leader (AlterPartition accepted)",
    });
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

  /** An AlterPartition this broker proposed as leader was committed. */
  onIsrChanged(isrSizeBefore: number, isrSizeAfter: number): void {
    if (isrSizeAfter < isrSizeBefore) this.#isrShrinks.inc();
    else if (isrSizeAfter > isrSizeBefore) this.#isrExpands.inc();
  }

  close(): void {
    for (const name of this.#names) this.#metrics.registry.removeSingleMetric(`rill_${name}`);
  }
}
