import { RillError } from "@rill/protocol";
import type { DataClient } from "../data/data-client.js";
import type { OffsetSpec } from "../data/data-types.js";
import type { AdminClient } from "./admin-client.js";
import type {
  AdminCallOptions,
  AlterConfigsResult,
  ClusterDescription,
  ConfigChange,
  ConfigResource,
  CreatePartitionsResult,
  CreateTopicResult,
  DeleteTopicResult,
  DescribeConfigsResult,
  NewTopic,
  TopicDescription,
  TopicListing,
} from "./admin-types.js";

/** One partition's offset as ListOffsets found it. */
export interface PartitionOffset {
  readonly partition: number;
  /** The offset found; -1 when no record is at or after the asked time. */
  readonly offset: number;
  /** The found record's timestamp; -1 for earliest/latest. */
  readonly timestampMs: number;
}

/**
 * `rill.admin()`: the cluster's management calls in one place (KafkaJS's admin shape). Topics,
 * partitions, configs and the cluster go to the controllers (through any broker, which forwards);
 * offsets ask the partition leaders. Per-item failures are the item's `error` (a RillError), as
 * in AdminClient; a call that fails as a whole throws.
 */
export class RillAdmin {
  readonly #admin: AdminClient;
  readonly #data: DataClient;

  constructor(admin: AdminClient, data: DataClient) {
    this.#admin = admin;
    this.#data = data;
  }

  /** Creates topics (partitions, replication factor or explicit assignments, configs). */
  createTopics(
    topics: readonly NewTopic[],
    options?: AdminCallOptions & { validateOnly?: boolean },
  ): Promise<CreateTopicResult[]> {
    return this.#admin.createTopics(topics, options);
  }

  /** Deletes topics by name. */
  deleteTopics(names: readonly string[], options?: AdminCallOptions): Promise<DeleteTopicResult[]> {
    return this.#admin.deleteTopics(names, options);
  }

  /** Grows topics to `count` partitions each (Kafka CreatePartitions). */
  createPartitions(
    topics: Parameters<AdminClient["createPartitions"]>[0],
    options?: AdminCallOptions,
  ): Promise<CreatePartitionsResult[]> {
    return this.#admin.createPartitions(topics, options);
  }

  /** Lists topic names with their partition counts. */
  listTopics(options?: AdminCallOptions & { includeInternal?: boolean }): Promise<TopicListing[]> {
    return this.#admin.listTopics(options);
  }

  /** Describes topics: partitions, leaders, replicas, ISR. */
  describeTopics(names: readonly string[], options?: AdminCallOptions): Promise<TopicDescription[]> {
    return this.#admin.describeTopics(names, options);
  }

  /** Reads topic or broker configs (all, or the named ones). */
  describeConfigs(
    resources: readonly (ConfigResource & { readonly configNames?: readonly string[] })[],
    options?: AdminCallOptions,
  ): Promise<DescribeConfigsResult[]> {
    return this.#admin.describeConfigs(resources, options);
  }

  /** Changes configs incrementally (set, delete, append, subtract); each resource all or nothing. */
  alterConfigs(
    changes: readonly (ConfigResource & { readonly changes: readonly ConfigChange[] })[],
    options?: AdminCallOptions & { validateOnly?: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.#admin.alterConfigs(changes, options);
  }

  /** The cluster: controllers (and which is active), brokers and their states. */
  describeCluster(
    options?: AdminCallOptions & { includeFencedBrokers?: boolean },
  ): Promise<ClusterDescription> {
    return this.#admin.describeCluster(options);
  }

  /** Every partition's earliest offset (the log start). */
  fetchEarliestOffsets(topic: string, options?: AdminCallOptions): Promise<PartitionOffset[]> {
    return this.#offsets(topic, "earliest", options);
  }

  /** Every partition's latest offset (the high watermark: the next offset to be written). */
  fetchLatestOffsets(topic: string, options?: AdminCallOptions): Promise<PartitionOffset[]> {
    return this.#offsets(topic, "latest", options);
  }

  /** Every partition's first offset whose record timestamp is at or after `timestampMs` (-1 if none). */
  fetchOffsetsByTime(
    topic: string,
    timestampMs: number,
    options?: AdminCallOptions,
  ): Promise<PartitionOffset[]> {
    if (!(Number.isSafeInteger(timestampMs) && timestampMs >= 0)) {
      throw new RillError("INVALID_REQUEST", `timestampMs ${timestampMs} is not ms >= 0`);
    }
    return this.#offsets(topic, { timestampMs }, options);
  }

  async #offsets(
    topic: string,
    spec: OffsetSpec,
    options: AdminCallOptions = {},
  ): Promise<PartitionOffset[]> {
    const info = await this.#data.topicMetadata(topic, options.timeoutMs);
    return Promise.all(
      info.partitions.map(async ({ partition }) => {
        const found = await this.#data.listOffsets({
          topic,
          partition,
          spec,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        return { partition, offset: found.offset, timestampMs: found.timestampMs };
      }),
    );
  }
}
