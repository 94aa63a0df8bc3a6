import type { AdminClient, OngoingReassignment, TopicDescription } from "@rill/client";
import { itemFailure } from "../commands/cluster.js";
import { CliError } from "../errors.js";
import { type CopyProgress, copyProgress, type LogSizeSample } from "./copy-progress.js";
import type { PartitionAssignment, ReassignmentPlan } from "./plan.js";

export async function describeOrFail(
  admin: AdminClient,
  topics: readonly string[],
): Promise<TopicDescription[]> {
  const described = topics.length === 0 ? [] : await admin.describeTopics([...new Set(topics)]);
  for (const topic of described)
    if (topic.error !== null) throw itemFailure(`topic '${topic.name}'`, topic.error);
  return described;
}

export function assignmentsOf(topics: readonly TopicDescription[]): PartitionAssignment[] {
  return topics.flatMap((topic) =>
    topic.partitions.map((partition) => ({
      topic: topic.name,
      partition: partition.partition,
      // During a move the replica list is the union of old and new; the target excludes removing.
      replicas: partition.replicas.filter((id) => !partition.removingReplicas.includes(id)),
    })),
  );
}

export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  readonly target: readonly number[];
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly adding: readonly number[];
  readonly removing: readonly number[];
  readonly state: "done" | "copying" | "finishing" | "not-started";
  /** Bytes copied to the adding replicas, rate and ETA; null when the partition is not moving. */
  readonly copy: CopyProgress | null;
}

/**
 * Every broker's partition log sizes now (bytes copied so far, for a new replica). A broker that
 * does not answer counts as holding nothing; the reason goes to stderr.
 */
export async function sampleLogSizes(admin: AdminClient, topics: readonly string[]): Promise<LogSizeSample> {
  const brokers = await admin.describeLogDirs([...new Set(topics)]);
  for (const broker of brokers) {
    if (broker.error !== null) {
      process.stderr.write(
        `reassign: broker ${broker.brokerId} gave no log sizes: ${broker.error.errorName}: ${broker.error.message}\n`,
      );
    }
  }
  return {
    atMs: Date.now(),
    sizes: brokers.flatMap((broker) =>
      broker.partitions.map((partition) => ({
        brokerId: broker.brokerId,
        topic: partition.topic,
        partition: partition.partition,
        copiedBytes: partition.sizeBytes + partition.bulkCopyStagedBytes,
        isLeader: partition.isLeader,
      })),
    ),
  };
}

/** Where one partition of a plan stands: its replicas now, the move in flight and the copy progress. */
export function progressOf(
  entry: PartitionAssignment,
  topics: readonly TopicDescription[],
  ongoing: readonly OngoingReassignment[],
  samples: { latest: LogSizeSample; earlier: LogSizeSample | undefined } | undefined,
): PartitionProgress {
  const partition = topics
    .find((topic) => topic.name === entry.topic)
    ?.partitions.find((candidate) => candidate.partition === entry.partition);
  if (partition === undefined) {
    throw new CliError(`${entry.topic}/${entry.partition} does not exist (was the topic deleted?)`);
  }
  const move = ongoing.find((item) => item.topic === entry.topic && item.partition === entry.partition);
  const adding = move?.addingReplicas ?? [];
  const base = {
    topic: entry.topic,
    partition: entry.partition,
    target: entry.replicas,
    replicas: partition.replicas,
    isr: partition.isr,
    adding,
    removing: move?.removingReplicas ?? [],
    copy:
      move === undefined || samples === undefined
        ? null
        : copyProgress({ ...entry, adding }, samples.latest, samples.earlier),
  };
  const landed =
    partition.replicas.length === entry.replicas.length &&
    partition.replicas.every((id, index) => id === entry.replicas[index]);
  if (move === undefined) return { ...base, state: landed ? "done" : "not-started" };
  const caughtUp = adding.every((id) => partition.isr.includes(id));
  return { ...base, state: caughtUp ? "finishing" : "copying" };
}

/** The progress of every partition of the plan, with the log-size sample taken (to rate the next one against). */
export async function progress(
  admin: AdminClient,
  plan: ReassignmentPlan,
  earlier?: LogSizeSample,
): Promise<{ rows: PartitionProgress[]; sample: LogSizeSample | undefined }> {
  const topicNames = plan.partitions.map((entry) => entry.topic);
  const topics = await describeOrFail(admin, topicNames);
  const ongoing = await admin.listPartitionReassignments();
  const moving = ongoing.some((move) =>
    plan.partitions.some((entry) => entry.topic === move.topic && entry.partition === move.partition),
  );
  const sample = moving ? await sampleLogSizes(admin, topicNames) : undefined;
  const samples = sample === undefined ? undefined : { latest: sample, earlier };
  return { rows: plan.partitions.map((entry) => progressOf(entry, topics, ongoing, samples)), sample };
}
