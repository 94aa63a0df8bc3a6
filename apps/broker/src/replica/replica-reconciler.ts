/**
 * Metadata images → this broker's partition replicas (Kafka's ReplicaManager.applyDelta and
 * LogManager's stray-log cleanup): opens (recovers) the logs of replicas assigned here, adopts
 * logs found on disk, deletes replicas of deleted topics and of partitions moved away, gives open
 * logs their topic's config, and hands each replica its partition state (leader or follower by
 * leader epoch).
 *
 * Contract: `reconcile` calls run one at a time (the ReplicaManager chains them) and stop early
 * once the manager is closed. Logs are opened only once an image names them, with their topic's
 * config (never with the broker defaults). A directory of a different topic id is deleted before
 * use. Stray logs (no image assigns them here) are deleted once per process, and only from an
 * image in which this broker is registered and unfenced (one that names every replica assigned).
 */

import { readdir } from "node:fs/promises";
import type { MetadataImage, PartitionRegistration, TopicImage } from "@rill/metadata";
import { leaderEpoch, type NodeId } from "@rill/protocol/ids";
import type { PartitionState } from "@rill/replication";
import type { Logger } from "@rill/runtime";
import { type LogConfig, type LogManager, parsePartitionDirectoryName } from "@rill/storage";
import { PartitionReplica, type PartitionReplicaContext } from "./partition-replica.js";
import type { MetadataWork } from "./pending-metadata-changes.js";
import type { ReplicaManagerConfig } from "./replica-manager-config.js";
import { claimTopicId, topicLogConfig, topicTimestampType, validTopicLogConfig } from "./topic-log-config.js";
import type { TopicTrafficMetrics } from "./topic-traffic-metrics.js";

/** Logs opened at once when an image names many new replicas (as LogManager's loadConcurrency). */
const LOG_OPEN_CONCURRENCY = 8;

/** The key of a topic-partition in the replica map. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export interface ReplicaReconcilerOptions {
  readonly brokerId: NodeId;
  readonly config: ReplicaManagerConfig;
  readonly logger: Logger;
  readonly dataDir: string;
  readonly logManager: LogManager;
  /** The manager's replicas by `partitionKey`; the reconciler adds and removes entries. */
  readonly replicas: Map<string, PartitionReplica>;
  readonly partitionContext: PartitionReplicaContext;
  readonly traffic: TopicTrafficMetrics;
  readonly isClosed: () => boolean;
  /** This broker's epoch from its registration now. */
  readonly brokerEpoch: () => number;
}

export class ReplicaReconciler {
  readonly #options: ReplicaReconcilerOptions;
  readonly #replicas: Map<string, PartitionReplica>;
  /** Whether the one sweep of stray logs ran (see #deleteStrayLogs). */
  #strayLogsSwept = false;

  constructor(options: ReplicaReconcilerOptions) {
    this.#options = options;
    this.#replicas = options.replicas;
  }

  /** Acts on `image`: only what `work` names changed, or everything when `work.full`. */
  async reconcile(image: MetadataImage, work: MetadataWork): Promise<void> {
    if (work.full) await this.#reconcileAll(image);
    else await this.#reconcileChanges(image, work);
    if (this.#options.isClosed()) return;
    if (!this.#strayLogsSwept) await this.#deleteStrayLogs(image);
  }

  /** Every partition of the image: after a snapshot load, or when no delta was given. */
  async #reconcileAll(image: MetadataImage): Promise<void> {
    const brokerId = this.#options.brokerId;
    const wanted = new Map<string, { topic: TopicImage; partition: number }>();
    for (const topic of image.topicsById.values()) {
      for (const [partition, registration] of topic.partitions) {
        if (registration.replicas.includes(brokerId)) {
          wanted.set(partitionKey(topic.name, partition), { topic, partition });
        }
      }
    }
    for (const [key, replica] of this.#replicas) {
      const entry = wanted.get(key);
      if (entry !== undefined && entry.topic.topicId === replica.topicId) continue;
      if (this.#options.isClosed()) return;
      await this.#deleteReplica(key, replica);
    }
    await this.#reconcileConcurrently(image, [...wanted.values()], () => true);
  }

  /**
   * Reconciles `entries` LOG_OPEN_CONCURRENCY at a time: at start-up the first image names every
   * log in the data dir, and recovery (opening a log) is mostly waiting on the disk. Each replica
   * takes its partition state as soon as its own log is open, not once every log is: a restarted
   * broker follows (and rejoins the ISR of) its first partitions while it still recovers others.
   * Partitions are independent, so their order does not matter.
   */
  async #reconcileConcurrently(
    image: MetadataImage,
    entries: readonly { topic: TopicImage; partition: number }[],
    configChanged: (topic: TopicImage) => boolean,
  ): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length && !this.#options.isClosed()) {
        const { topic, partition } = entries[next] as { topic: TopicImage; partition: number };
        next += 1;
        await this.#reconcilePartition(image, topic, partition, configChanged(topic));
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOG_OPEN_CONCURRENCY, entries.length) }, worker));
  }

  /** Only what the deltas since the last reconcile changed. */
  async #reconcileChanges(image: MetadataImage, work: MetadataWork): Promise<void> {
    if (work.removedTopicIds.size > 0) {
      for (const [key, replica] of this.#replicas) {
        if (this.#options.isClosed()) return;
        if (work.removedTopicIds.has(replica.topicId)) await this.#deleteReplica(key, replica);
      }
    }
    // Several at a time: a topic with many partitions was created, or many changed at once.
    const changed: { topic: TopicImage; partition: number }[] = [];
    for (const [topicId, partitions] of work.partitionsByTopic) {
      const topic = image.topicsById.get(topicId);
      if (topic === undefined) continue; // removed again since
      for (const partition of partitions) changed.push({ topic, partition });
    }
    await this.#reconcileConcurrently(image, changed, (topic) => work.configTopics.has(topic.name));
    if (this.#options.isClosed()) return;
    for (const name of work.configTopics) {
      const topic = image.topicByName(name);
      if (topic === undefined) continue;
      const changed = work.partitionsByTopic.get(topic.topicId);
      for (const partition of topic.partitions.keys()) {
        if (changed?.has(partition)) continue; // done above
        const replica = this.#replicas.get(partitionKey(name, partition));
        if (replica !== undefined && replica.topicId === topic.topicId)
          this.#applyTopicConfig(image, replica);
      }
    }
  }

  /**
   * Brings one partition replica in line with the image: deleted when this broker no longer
   * hosts it (or it belongs to an earlier topic of the same name), opened when new, then given
   * the partition state (and the topic config when `configChanged` or just opened).
   */
  async #reconcilePartition(
    image: MetadataImage,
    topic: TopicImage,
    partition: number,
    configChanged: boolean,
  ): Promise<void> {
    const key = partitionKey(topic.name, partition);
    const registration = topic.partitions.get(partition);
    const hosted = registration?.replicas.includes(this.#options.brokerId) === true;
    let replica = this.#replicas.get(key);
    if (replica !== undefined && (!hosted || replica.topicId !== topic.topicId)) {
      await this.#deleteReplica(key, replica);
      replica = undefined;
    }
    if (!hosted || registration === undefined) return;
    if (replica === undefined) {
      replica = await this.#openReplica(image, topic, partition);
      if (replica === undefined) return;
      this.#replicas.set(key, replica);
    } else if (configChanged) {
      this.#applyTopicConfig(image, replica);
    }
    replica.applyState(partitionState(registration));
  }

  /**
   * Deletes the partition logs in the data dir that the image does not assign to this broker:
   * replicas moved away (or topics deleted) while this broker was down, which no metadata change
   * will name again (Kafka's stray logs). Once per process, at the first image in which this
   * broker's registration is unfenced: the controller unfences a broker only once its metadata
   * caught up with its registration, so that image names every replica assigned to it. An
   * earlier image (a snapshot behind the log) may lack a partition assigned since, whose log
   * must not go.
   */
  async #deleteStrayLogs(image: MetadataImage): Promise<void> {
    const { brokerId, logManager, logger } = this.#options;
    const registration = image.brokers.get(brokerId);
    if (
      registration === undefined ||
      registration.fenced ||
      registration.brokerEpoch !== this.#options.brokerEpoch()
    ) {
      return;
    }
    this.#strayLogsSwept = true;
    const hosted = new Set<string>();
    for (const topic of image.topicsById.values()) {
      for (const [partition, assignment] of topic.partitions) {
        if (assignment.replicas.includes(brokerId)) hosted.add(partitionKey(topic.name, partition));
      }
    }
    for (const name of await readdir(this.#options.dataDir)) {
      const entry = parsePartitionDirectoryName(name);
      if (entry === undefined) continue;
      const key = partitionKey(entry.topic, entry.partition);
      if (hosted.has(key) || this.#replicas.has(key) || this.#options.isClosed()) continue;
      // Through the LogManager (open, then delete) so that its own bookkeeping stays right.
      await logManager.getOrCreateLog(entry.topic, entry.partition);
      await logManager.deleteLog(entry.topic, entry.partition);
      logger.info(
        { topic: entry.topic, partition: entry.partition },
        "deleted a stray partition log (this broker no longer hosts it)",
      );
    }
  }

  async #deleteReplica(key: string, replica: PartitionReplica): Promise<void> {
    this.#replicas.delete(key);
    if (![...this.#replicas.values()].some((other) => other.topic === replica.topic)) {
      this.#options.traffic.forgetTopic(replica.topic);
    }
    await replica.close({ snapshot: false });
    await this.#options.logManager.deleteLog(replica.topic, replica.partition);
    this.#options.logger.info(
      { topic: replica.topic, partition: replica.partition },
      "deleted partition replica",
    );
  }

  /** The topic's log settings from the image that the log can take (see validTopicLogConfig). */
  #topicLogConfig(image: MetadataImage, topic: string): Partial<LogConfig> {
    return validTopicLogConfig(this.#options.config.log, topicLogConfig(image, topic), (error) =>
      this.#options.logger.error({ topic, err: error.message }, "topic config not applied to its logs"),
    );
  }

  /**
   * A topic config change reaching an open replica: its log, its leader's min.insync.replicas
   * and the timestamp type the leader stamps.
   */
  #applyTopicConfig(image: MetadataImage, replica: PartitionReplica): void {
    this.#options.logManager.updateLogConfig(
      replica.topic,
      replica.partition,
      this.#topicLogConfig(image, replica.topic),
    );
    replica.setMinInsyncReplicas(this.#minInsyncReplicas(image, replica.topic));
    replica.setTimestampType(topicTimestampType(image, replica.topic));
  }

  /**
   * Opens the replica's log with its topic's config. Logs are opened here, once the image
   * names them, never at start-up: a log is never open (nor served) with the broker defaults
   * in place of its topic's config.
   */
  async #openReplica(
    image: MetadataImage,
    topic: TopicImage,
    partition: number,
  ): Promise<PartitionReplica | undefined> {
    const logManager = this.#options.logManager;
    const logConfig = this.#topicLogConfig(image, topic.name);
    try {
      let log = await logManager.getOrCreateLog(topic.name, partition, logConfig);
      if (!(await claimTopicId(log.directory, topic.topicId))) {
        // The directory belongs to an earlier topic of the same name (deleted while this broker
        // was down): its records are not this topic's.
        await logManager.deleteLog(topic.name, partition);
        log = await logManager.getOrCreateLog(topic.name, partition, logConfig);
        await claimTopicId(log.directory, topic.topicId);
      }
      // A log still open from before (a replica closed and reopened) gets the current config.
      logManager.updateLogConfig(topic.name, partition, logConfig);
      const replica = await PartitionReplica.open(this.#options.partitionContext, {
        topic: topic.name,
        topicId: topic.topicId,
        partition,
        log,
      });
      replica.setMinInsyncReplicas(this.#minInsyncReplicas(image, topic.name));
      replica.setTimestampType(topicTimestampType(image, topic.name));
      return replica;
    } catch (error) {
      this.#options.logger.error(
        { topic: topic.name, partition, err: error instanceof Error ? error.message : String(error) },
        "opening a partition replica failed",
      );
      return undefined;
    }
  }

  #minInsyncReplicas(image: MetadataImage, topic: string): number {
    const defaultValue = this.#options.config.minInsyncReplicasDefault;
    const configs = image.configsOf({ type: "topic", name: topic });
    const value = Number(configs.get("min.insync.replicas") ?? defaultValue);
    return Number.isSafeInteger(value) && value >= 1 ? value : defaultValue;
  }
}

function partitionState(registration: PartitionRegistration): PartitionState {
  return {
    replicas: registration.replicas,
    isr: registration.isr,
    leader: registration.leader,
    // The metadata log's epoch, checked once as it enters replication (a bad one is a bug).
    leaderEpoch: leaderEpoch(registration.leaderEpoch),
    partitionEpoch: registration.partitionEpoch,
  };
}
