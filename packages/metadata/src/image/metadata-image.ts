/**
 * The immutable metadata image: the cluster state after replaying the metadata log up to
 * `offset` (KRaft's MetadataImage). Never mutated: `apply` returns a new image that shares every
 * untouched part with this one (see metadata-delta.ts).
 */
import type {
  BrokerId,
  ConfigResource,
  MetadataRecord,
  ProducerIdsBlockRecord,
  TopicId,
} from "../records/metadata-record.js";
import {
  type BrokerRegistration,
  configResourceKey,
  type MetadataImageParts,
  type PartitionRegistration,
  type TopicImage,
} from "./image-parts.js";
import { MetadataDelta } from "./metadata-delta.js";

export {
  type BrokerRegistration,
  configResourceKey,
  type MetadataImageParts,
  type PartitionRegistration,
  type TopicImage,
} from "./image-parts.js";

export class MetadataImage implements MetadataImageParts {
  static readonly EMPTY = new MetadataImage({
    offset: 0,
    brokers: new Map(),
    topicsById: new Map(),
    topicIdsByName: new Map(),
    topicNamesByCollisionKey: new Map(),
    configs: new Map(),
    lastProducerIdsBlock: null,
  });

  readonly offset: number;
  readonly brokers: ReadonlyMap<BrokerId, BrokerRegistration>;
  readonly topicsById: ReadonlyMap<TopicId, TopicImage>;
  readonly topicIdsByName: ReadonlyMap<string, TopicId>;
  readonly topicNamesByCollisionKey: ReadonlyMap<string, string>;
  readonly configs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly lastProducerIdsBlock: ProducerIdsBlockRecord | null;

  constructor(parts: MetadataImageParts) {
    this.offset = parts.offset;
    this.brokers = parts.brokers;
    this.topicsById = parts.topicsById;
    this.topicIdsByName = parts.topicIdsByName;
    this.topicNamesByCollisionKey = parts.topicNamesByCollisionKey;
    this.configs = parts.configs;
    this.lastProducerIdsBlock = parts.lastProducerIdsBlock;
  }

  /** The first producer id not yet handed out. */
  get nextProducerId(): number {
    const block = this.lastProducerIdsBlock;
    return block === null ? 0 : block.firstProducerId + block.size;
  }

  /**
   * The image after replaying `records` as the batch at log offset `offset` (> this.offset).
   * Throws AssertionError when a record does not fit the image (a bug in whoever wrote it).
   */
  apply(records: readonly MetadataRecord[], offset: number): MetadataImage {
    const delta = new MetadataDelta(this);
    for (const record of records) delta.replay(record);
    return new MetadataImage(delta.apply(offset));
  }

  topicByName(name: string): TopicImage | undefined {
    const topicId = this.topicIdsByName.get(name);
    return topicId === undefined ? undefined : this.topicsById.get(topicId);
  }

  partition(topicId: TopicId, partition: number): PartitionRegistration | undefined {
    return this.topicsById.get(topicId)?.partitions.get(partition);
  }

  /** Explicitly set config entries of a resource (empty when none). */
  configsOf(resource: ConfigResource): ReadonlyMap<string, string> {
    return this.configs.get(configResourceKey(resource)) ?? new Map();
  }

  /** A broker that is registered, unfenced and not shutting down: it may lead and join ISRs. */
  isBrokerActive(brokerId: BrokerId): boolean {
    const broker = this.brokers.get(brokerId);
    return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
  }

  /** The highest broker epoch among registered brokers, or 0 when none. */
  get maxBrokerEpoch(): number {
    let max = 0;
    for (const broker of this.brokers.values()) max = Math.max(max, broker.brokerEpoch);
    return max;
  }
}
