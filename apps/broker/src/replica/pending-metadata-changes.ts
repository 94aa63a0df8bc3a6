import type { MetadataDelta } from "@rill/metadata";

/** What one reconcile must look at; `full` means every partition of the image. */
export interface MetadataWork {
  readonly full: boolean;
  /** Partitions created or changed, by topic id. */
  readonly partitionsByTopic: ReadonlyMap<string, ReadonlySet<number>>;
  readonly removedTopicIds: ReadonlySet<string>;
  /** Topics whose configs were set, cleared or removed. */
  readonly configTopics: ReadonlySet<string>;
}

/**
 * The metadata changes the replica manager has not acted on yet, merged across images. The
 * manager acts on the newest image only (an image superseded while a reconcile ran is skipped),
 * so the changes of skipped images wait here until then. An image without a delta (a snapshot
 * load, or a caller that has none) asks for a full reconcile, which covers everything before it.
 * Bounded by the image: each partition, removed topic and topic name is held at most once.
 */
export class PendingMetadataChanges {
  #full = false;
  #partitionsByTopic = new Map<string, Set<number>>();
  #removedTopicIds = new Set<string>();
  #configTopics = new Set<string>();

  add(delta: MetadataDelta | undefined): void {
    if (delta === undefined) {
      this.#full = true;
      return;
    }
    if (this.#full) return;
    const changes = delta.changes();
    for (const [topicId, partitions] of changes.partitionsByTopic) {
      let pending = this.#partitionsByTopic.get(topicId);
      if (pending === undefined) {
        pending = new Set();
        this.#partitionsByTopic.set(topicId, pending);
      }
      for (const partition of partitions) pending.add(partition);
    }
    for (const topicId of changes.removedTopics.keys()) this.#removedTopicIds.add(topicId);
    for (const resource of changes.configResources.values()) {
      if (resource.type === "topic") this.#configTopics.add(resource.name);
    }
  }

  /** The work gathered so far; the queue is empty afterwards. */
  take(): MetadataWork {
    const work: MetadataWork = {
      full: this.#full,
      partitionsByTopic: this.#partitionsByTopic,
      removedTopicIds: this.#removedTopicIds,
      configTopics: this.#configTopics,
    };
    this.#full = false;
    this.#partitionsByTopic = new Map();
    this.#removedTopicIds = new Set();
    this.#configTopics = new Set();
    return work;
  }
}
