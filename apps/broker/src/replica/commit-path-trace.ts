import type { RillMetrics } from "@rill/runtime";

/**
 * The stages of the commit path, each timed on the broker where it happens (Kafka's request
 * metrics split a produce into local and remote time the same way):
 *
 * | stage            | where    | from → to                                                      |
 * | ---------------- | -------- | -------------------------------------------------------------- |
 * | `append`         | leader   | produce handled → records in the leader's page cache (queue + write) |
 * | `leader_fsync`   | leader   | written → fsynced on the leader (group commit)                 |
 * | `replication`    | leader   | written → acks met (acks=all: followers' durable reports)      |
 * | `produce_total`  | leader   | produce handled → answered                                     |
 * | `follower_ack`   | leader   | a round with records answered → the follower's report covering them |
 * | `follower_write` | follower | the leader's answer read → its records in the page cache       |
 * | `follower_fsync` | follower | written → fsynced (the report goes out then)                   |
 *
 * Summed along the path they tell where a produce's milliseconds go: `replication` minus
 * (`follower_write` + `follower_fsync`) is transport and scheduling between the processes.
 */
export type CommitPathStage =
  | "append"
  | "leader_fsync"
  | "replication"
  | "produce_total"
  | "follower_ack"
  | "follower_write"
  | "follower_fsync";

/** 50 µs to 5 s: a page-cache write to a stalled disk or a starved process. */
const STAGE_BUCKETS_SECONDS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
  5,
];

export const COMMIT_PATH_METRIC = "commit_path_stage_seconds";

/** `rill_commit_path_stage_seconds{stage}`: one histogram, seven label values. */
export class CommitPathTrace {
  readonly #observe: (stage: CommitPathStage, seconds: number) => void;

  constructor(metrics: RillMetrics) {
    const histogram = metrics.histogram<"stage">({
      name: COMMIT_PATH_METRIC,
      help: "time spent in each stage of the commit path (produce, replication, follower append)",
      labelNames: ["stage"],
      buckets: STAGE_BUCKETS_SECONDS,
    });
    this.#observe = (stage, seconds) => histogram.observe({ stage }, seconds);
  }

  /** Unregisters the histogram (the replica manager closes). */
  close(metrics: RillMetrics): void {
    metrics.registry.removeSingleMetric(`rill_${COMMIT_PATH_METRIC}`);
  }

  /** A monotonic timestamp in milliseconds for `since`. */
  now(): number {
    return performance.now();
  }

  /** Records the time from `startMs` (a `now()`) until now in `stage`. */
  since(stage: CommitPathStage, startMs: number): void {
    this.#observe(stage, (performance.now() - startMs) / 1000);
  }
}
