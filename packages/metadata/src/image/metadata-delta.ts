/**
 * A MetadataDelta collects the effect of replayed records on a base image and then produces the
 * next image (KRaft's MetadataDelta). Maps are copied on first write, once per delta, so a batch
 * costs one copy of each map it touches, and untouched topics are shared with the base image.
 *
 * Replay asserts that each record fits the state: a record that does not is a bug in the
 * controller that wrote it, and carrying on would diverge silently.
 */
import { assert } from "../assert.js";
import {
  type BrokerId,
  type ConfigResource,
  type MetadataRecord,
  NO_LEADER,
  type PartitionChangeRecord,
  type PartitionRecord,
  type ProducerIdsBlockRecord,
  type TopicId,
} from "../records/metadata-record.js";
import {
  type BrokerRegistration,
  configResourceKey,
  type MetadataImageParts,
  type PartitionRegistration,
  type TopicImage,
  topicCollisionKey,
} from "./image-parts.js";
import { OverlayMap } from "./overlay-map.js";

/** The changes a delta makes to one of the image's large maps, on top of the base map. */
class ChangeSet<K, V> {
  readonly #changes = new Map<K, V | undefined>();

  readonly #base: ReadonlyMap<K, V>;
  constructor(base: ReadonlyMap<K, V>) {
    this.#base = base;
  }

  get(key: K): V | undefined {
    return this.#changes.has(key) ? this.#changes.get(key) : this.#base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): void {
    this.#changes.set(key, value);
  }

  delete(key: K): void {
    this.#changes.set(key, undefined);
  }

  build(): OverlayMap<K, V> {
    const base =
      this.#base instanceof OverlayMap ? this.#base : OverlayMap.empty<K, V>().with(new Map(this.#base));
    return base.with(this.#changes);
  }
}

/**
 * What one delta changed, for a broker that acts on changes instead of rescanning the image
 * (KRaft's TopicsDelta / ConfigurationsDelta, reduced to what Rill's broker reads).
 */
export interface MetadataChanges {
  /** Partitions created or changed, by topic id (a topic created without partitions is absent). */
  readonly partitionsByTopic: ReadonlyMap<TopicId, ReadonlySet<number>>;
  /** Topics removed, by id, with the name they had. */
  readonly removedTopics: ReadonlyMap<TopicId, string>;
  /** Config resources set, cleared or removed with their topic, by `configResourceKey`. */
  readonly configResources: ReadonlyMap<string, ConfigResource>;
}

interface MutableTopic {
  readonly name: string;
  readonly topicId: TopicId;
  readonly partitions: Map<number, PartitionRegistration>;
}

export class MetadataDelta {
  #brokers: Map<BrokerId, BrokerRegistration> | undefined;
  readonly #topicsById: ChangeSet<TopicId, TopicImage | MutableTopic>;
  readonly #topicIdsByName: ChangeSet<string, TopicId>;
  readonly #topicNamesByCollisionKey: ChangeSet<string, string>;
  readonly #configs: ChangeSet<string, ReadonlyMap<string, string>>;
  readonly #changedTopics = new Set<TopicId>();
  /** Brokers whose registration takes the offset of this batch (see RegisterBrokerRecord). */
  readonly #registeredInThisBatch = new Set<BrokerId>();
  #lastProducerIdsBlock: ProducerIdsBlockRecord | null;
  readonly #changedPartitions = new Map<TopicId, Set<number>>();
  readonly #removedTopics = new Map<TopicId, string>();
  readonly #changedConfigResources = new Map<string, ConfigResource>();

  readonly #base: MetadataImageParts;
  constructor(base: MetadataImageParts) {
    this.#base = base;
    this.#lastProducerIdsBlock = base.lastProducerIdsBlock;
    this.#topicsById = new ChangeSet(base.topicsById);
    this.#topicIdsByName = new ChangeSet(base.topicIdsByName);
    this.#topicNamesByCollisionKey = new ChangeSet(base.topicNamesByCollisionKey);
    this.#configs = new ChangeSet(base.configs);
  }

  #mutableBrokers(): Map<BrokerId, BrokerRegistration> {
    this.#brokers ??= new Map(this.#base.brokers);
    return this.#brokers;
  }

  #currentBrokers(): ReadonlyMap<BrokerId, BrokerRegistration> {
    return this.#brokers ?? this.#base.brokers;
  }

  #currentTopics(): ChangeSet<TopicId, TopicImage | MutableTopic> {
    return this.#topicsById;
  }

  #mutableTopics(): ChangeSet<TopicId, TopicImage | MutableTopic> {
    return this.#topicsById;
  }

  #mutableTopicNames(): ChangeSet<string, TopicId> {
    return this.#topicIdsByName;
  }

  #mutableTopic(topicId: TopicId): MutableTopic {
    const topic = this.#currentTopics().get(topicId);
    assert(topic !== undefined, `replay: unknown topic id ${topicId}`);
    if (this.#changedTopics.has(topicId)) return topic as MutableTopic;
    const copy: MutableTopic = { name: topic.name, topicId, partitions: new Map(topic.partitions) };
    this.#mutableTopics().set(topicId, copy);
    this.#changedTopics.add(topicId);
    return copy;
  }

  #mutableConfigs(): ChangeSet<string, ReadonlyMap<string, string>> {
    return this.#configs;
  }

  #broker(brokerId: BrokerId, brokerEpoch: number): BrokerRegistration {
    const broker = this.#currentBrokers().get(brokerId);
    assert(broker !== undefined, `replay: unknown broker ${brokerId}`);
    assert(broker.brokerEpoch === brokerEpoch, `replay: broker ${brokerId} epoch ${brokerEpoch} is stale`);
    return broker;
  }

  replay(record: MetadataRecord): void {
    switch (record.type) {
      case "RegisterBroker": {
        const previous = this.#currentBrokers().get(record.brokerId);
        assert(
          previous === undefined || previous.brokerEpoch < record.brokerEpoch,
          `replay: broker ${record.brokerId} epoch must grow`,
        );
        this.#mutableBrokers().set(record.brokerId, {
          brokerId: record.brokerId,
          incarnationId: record.incarnationId,
          brokerEpoch: record.brokerEpoch,
          endpoints: record.endpoints,
          rack: record.rack,
          fenced: record.fenced,
          inControlledShutdown: record.inControlledShutdown,
          registeredOffset: record.registeredOffset,
        });
        if (record.registeredOffset === 0) this.#registeredInThisBatch.add(record.brokerId);
        else this.#registeredInThisBatch.delete(record.brokerId);
        return;
      }
      case "UnregisterBroker":
        this.#broker(record.brokerId, record.brokerEpoch);
        this.#mutableBrokers().delete(record.brokerId);
        this.#registeredInThisBatch.delete(record.brokerId);
        return;
      case "FenceBroker":
      case "UnfenceBroker": {
        const broker = this.#broker(record.brokerId, record.brokerEpoch);
        const fenced = record.type === "FenceBroker";
        // Unfencing also ends a controlled shutdown: the broker came back as a live member.
        this.#mutableBrokers().set(record.brokerId, {
          ...broker,
          fenced,
          inControlledShutdown: fenced ? broker.inControlledShutdown : false,
        });
        return;
      }
      case "BrokerRegistrationChange": {
        const broker = this.#broker(record.brokerId, record.brokerEpoch);
        this.#mutableBrokers().set(record.brokerId, {
          ...broker,
          fenced: record.fenced ?? broker.fenced,
          inControlledShutdown: record.inControlledShutdown ?? broker.inControlledShutdown,
        });
        return;
      }
      case "Topic": {
        assert(!this.#currentTopics().has(record.topicId), `replay: topic id ${record.topicId} exists`);
        const names = this.#mutableTopicNames();
        assert(!names.has(record.name), `replay: topic ${record.name} exists`);
        names.set(record.name, record.topicId);
        const collisionKey = topicCollisionKey(record.name);
        assert(!this.#topicNamesByCollisionKey.has(collisionKey), `replay: topic ${record.name} collides`);
        this.#topicNamesByCollisionKey.set(collisionKey, record.name);
        this.#mutableTopics().set(record.topicId, {
          name: record.name,
          topicId: record.topicId,
          partitions: new Map(),
        });
        this.#changedTopics.add(record.topicId);
        return;
      }
      case "Partition":
        this.#replayPartition(record);
        return;
      case "PartitionChange":
        this.#replayPartitionChange(record);
        return;
      case "Config": {
        const key = configResourceKey(record.resource);
        this.#changedConfigResources.set(key, record.resource);
        const configs = this.#mutableConfigs();
        const entries = new Map(configs.get(key));
        if (record.value === null) entries.delete(record.key);
        else entries.set(record.key, record.value);
        if (entries.size === 0) configs.delete(key);
        else configs.set(key, entries);
        return;
      }
      case "ProducerIdsBlock": {
        const previous = this.#lastProducerIdsBlock;
        const next = previous === null ? 0 : previous.firstProducerId + previous.size;
        assert(record.firstProducerId >= next, "replay: producer id blocks must not overlap");
        assert(record.size >= 0, "replay: producer id block size is negative");
        this.#lastProducerIdsBlock = record;
        return;
      }
      case "RemoveTopic": {
        const topic = this.#currentTopics().get(record.topicId);
        assert(topic !== undefined, `replay: unknown topic id ${record.topicId}`);
        this.#mutableTopics().delete(record.topicId);
        this.#mutableTopicNames().delete(topic.name);
        this.#topicNamesByCollisionKey.delete(topicCollisionKey(topic.name));
        this.#changedTopics.delete(record.topicId);
        this.#changedPartitions.delete(record.topicId);
        this.#removedTopics.set(record.topicId, topic.name);
        const configs = this.#mutableConfigs();
        const resource: ConfigResource = { type: "topic", name: topic.name };
        const configKey = configResourceKey(resource);
        configs.delete(configKey);
        this.#changedConfigResources.set(configKey, resource);
        return;
      }
    }
  }

  #replayPartition(record: PartitionRecord): void {
    const topic = this.#mutableTopic(record.topicId);
    const registration: PartitionRegistration = {
      replicas: record.replicas,
      isr: record.isr,
      leader: record.leader,
      leaderEpoch: record.leaderEpoch,
      partitionEpoch: record.partitionEpoch,
      addingReplicas: record.addingReplicas,
      removingReplicas: record.removingReplicas,
    };
    assertPartitionValid(registration, `${topic.name}-${record.partition}`);
    topic.partitions.set(record.partition, registration);
    this.#notePartitionChanged(record.topicId, record.partition);
  }

  #notePartitionChanged(topicId: TopicId, partition: number): void {
    let partitions = this.#changedPartitions.get(topicId);
    if (partitions === undefined) {
      partitions = new Set();
      this.#changedPartitions.set(topicId, partitions);
    }
    partitions.add(partition);
  }

  /** What the records replayed so far changed (live views: read them after the last replay). */
  changes(): MetadataChanges {
    return {
      partitionsByTopic: this.#changedPartitions,
      removedTopics: this.#removedTopics,
      configResources: this.#changedConfigResources,
    };
  }

  #replayPartitionChange(record: PartitionChangeRecord): void {
    const topic = this.#mutableTopic(record.topicId);
    const current = topic.partitions.get(record.partition);
    assert(current !== undefined, `replay: unknown partition ${topic.name}-${record.partition}`);
    const next: PartitionRegistration = {
      replicas: record.replicas ?? current.replicas,
      isr: record.isr ?? current.isr,
      leader: record.leader ?? current.leader,
      leaderEpoch: record.leader === undefined ? current.leaderEpoch : current.leaderEpoch + 1,
      partitionEpoch: current.partitionEpoch + 1,
      addingReplicas: record.addingReplicas ?? current.addingReplicas,
      removingReplicas: record.removingReplicas ?? current.removingReplicas,
    };
    assertPartitionValid(next, `${topic.name}-${record.partition}`);
    topic.partitions.set(record.partition, next);
    this.#notePartitionChanged(record.topicId, record.partition);
  }

  /** The parts of the next image; `offset` is the log offset of the batch just replayed. */
  apply(offset: number): MetadataImageParts {
    assert(offset > this.#base.offset, `apply: offset ${offset} must be after ${this.#base.offset}`);
    for (const brokerId of this.#registeredInThisBatch) {
      const brokers = this.#mutableBrokers();
      const broker = brokers.get(brokerId);
      if (broker !== undefined) brokers.set(brokerId, { ...broker, registeredOffset: offset });
    }
    for (const topicId of this.#changedTopics) {
      const topic = this.#topicsById.get(topicId);
      if (topic !== undefined) this.#topicsById.set(topicId, Object.freeze({ ...topic }));
    }
    return {
      offset,
      brokers: this.#brokers ?? this.#base.brokers,
      topicsById: this.#topicsById.build() as OverlayMap<TopicId, TopicImage>,
      topicIdsByName: this.#topicIdsByName.build(),
      topicNamesByCollisionKey: this.#topicNamesByCollisionKey.build(),
      configs: this.#configs.build(),
      lastProducerIdsBlock: this.#lastProducerIdsBlock,
    };
  }
}

/** The structural invariants of one partition; a violation is a bug in the record's writer. */
export function assertPartitionValid(partition: PartitionRegistration, label: string): void {
  const replicas = new Set(partition.replicas);
  assert(
    replicas.size === partition.replicas.length && replicas.size > 0,
    `${label}: replicas must be distinct, non-empty`,
  );
  assert(partition.isr.length > 0, `${label}: the ISR is never empty`);
  assert(new Set(partition.isr).size === partition.isr.length, `${label}: ISR has duplicates`);
  for (const id of partition.isr) assert(replicas.has(id), `${label}: ISR member ${id} is not a replica`);
  assert(
    partition.leader === NO_LEADER || partition.isr.includes(partition.leader),
    `${label}: the leader ${partition.leader} must be in the ISR`,
  );
  for (const id of [...partition.addingReplicas, ...partition.removingReplicas]) {
    assert(replicas.has(id), `${label}: reassigning replica ${id} is not a replica`);
  }
  assert(partition.leaderEpoch >= 0 && partition.partitionEpoch >= 0, `${label}: epochs are not negative`);
}
