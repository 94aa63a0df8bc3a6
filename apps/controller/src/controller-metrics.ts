/**
 * The controller's Prometheus metrics (`rill_controller_*`), read at scrape time from the Raft
 * node and the committed metadata image, so they cost nothing between scrapes.
 */
import type { QuorumController } from "@rill/metadata";
import type { RaftNodeStatus } from "@rill/raft";
import type { RillMetrics } from "@rill/runtime";

const RAFT_ROLES = ["leader", "follower", "pre-candidate", "candidate", "learner"] as const;
const BROKER_STATES = ["active", "fenced", "controlled_shutdown"] as const;

export interface ControllerMetricsSource {
  readonly quorum: QuorumController;
  status(): RaftNodeStatus;
  /** Open FetchMetadata streams. */
  metadataStreams(): number;
}

export interface ControllerMetrics {
  /** Counts a write forwarded to the active controller, by outcome. */
  readonly forwarded: { inc(labels: { outcome: "ok" | "error" }): void };
  /** Counts snapshots sent on metadata streams. */
  readonly streamSnapshots: { inc(): void };
  /** Times one metadata proposal from `propose` to its commit (this controller leading). */
  readonly commitLatency: { observe(seconds: number): void };
}

/**
 * Commit latency buckets in seconds: one Raft round trip plus an fsync on each side is about a
 * millisecond on a LAN; a proposal that waits out an election lands in the top buckets.
 */
const COMMIT_LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

export function registerControllerMetrics(
  metrics: RillMetrics,
  source: ControllerMetricsSource,
): ControllerMetrics {
  metrics.gauge<"role">({
    name: "controller_raft_role",
    help: "1 for this controller's current Raft role, 0 for the others",
    labelNames: ["role"],
    collect() {
      const role = source.status().role;
      for (const candidate of RAFT_ROLES) this.set({ role: candidate }, candidate === role ? 1 : 0);
    },
  });
  metrics.gauge({
    name: "controller_active",
    help: "1 when this controller is the active controller (Raft leader) and caught up",
    collect() {
      this.set(source.quorum.isReady ? 1 : 0);
    },
  });
  metrics.gauge({
    name: "controller_raft_term",
    help: "the current Raft term",
    collect() {
      this.set(source.status().term);
    },
  });
  metrics.gauge({
    name: "controller_raft_leader_id",
    help: "the Raft leader this controller knows, 0 for none",
    collect() {
      this.set(source.status().leaderId);
    },
  });
  metrics.gauge({
    name: "controller_raft_commit_index",
    help: "the highest Raft index known committed",
    collect() {
      this.set(source.status().commitIndex);
    },
  });
  metrics.gauge({
    name: "controller_raft_last_index",
    help: "the last index in this controller's Raft log",
    collect() {
      this.set(source.status().lastIndex);
    },
  });
  metrics.gauge({
    name: "controller_metadata_offset",
    help: "the offset of the last metadata batch applied to the committed image",
    collect() {
      this.set(source.quorum.image.offset);
    },
  });
  metrics.gauge<"state">({
    name: "controller_brokers",
    help: "registered brokers by state",
    labelNames: ["state"],
    collect() {
      const counts = { active: 0, fenced: 0, controlled_shutdown: 0 };
      for (const broker of source.quorum.image.brokers.values()) {
        if (broker.inControlledShutdown) counts.controlled_shutdown++;
        else if (broker.fenced) counts.fenced++;
        else counts.active++;
      }
      for (const state of BROKER_STATES) this.set({ state }, counts[state]);
    },
  });
  metrics.gauge({
    name: "controller_topics",
    help: "topics in the committed metadata image",
    collect() {
      this.set(source.quorum.image.topicsById.size);
    },
  });
  metrics.gauge({
    name: "controller_offline_partitions",
    help: "partitions without a leader",
    collect() {
      let offline = 0;
      for (const topic of source.quorum.image.topicsById.values()) {
        for (const partition of topic.partitions.values()) if (partition.leader < 0) offline++;
      }
      this.set(offline);
    },
  });
  metrics.gauge({
    name: "controller_metadata_streams",
    help: "open FetchMetadata streams",
    collect() {
      this.set(source.metadataStreams());
    },
  });
  const forwarded = metrics.counter<"outcome">({
    name: "controller_forwarded_requests_total",
    help: "writes forwarded to the active controller, by outcome",
    labelNames: ["outcome"],
  });
  metrics.gauge<"broker_id">({
    name: "controller_broker_metadata_offset",
    help: "the metadata offset each registered broker reported in its last heartbeat to this (active) controller",
    labelNames: ["broker_id"],
    collect() {
      // Labels are the registered brokers (bounded by the cluster size); a broker that left is dropped.
      this.reset();
      for (const broker of source.quorum.image.brokers.values()) {
        const offset = source.quorum.controller.brokerMetadataOffset(broker.brokerId);
        if (offset !== undefined) this.set({ broker_id: String(broker.brokerId) }, offset);
      }
    },
  });
  const commitLatency = metrics.histogram({
    name: "controller_commit_latency_seconds",
    help: "time from proposing metadata records to their commit, on the active controller",
    buckets: COMMIT_LATENCY_BUCKETS_SECONDS,
  });
  const streamSnapshots = metrics.counter({
    name: "controller_metadata_stream_snapshots_total",
    help: "snapshots sent on FetchMetadata streams",
  });
  return { forwarded, streamSnapshots, commitLatency };
}
