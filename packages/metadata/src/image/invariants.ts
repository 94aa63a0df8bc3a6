/**
 * The safety invariants of the metadata state, checked after every step of a simulation or a
 * property test (SPEC §9): a partition's leader is in its ISR and not fenced; the ISR is never
 * empty; leader and partition epochs only grow; no two leaders in the same leader epoch.
 * Returns the violations (empty when all hold) rather than throwing, so a test can print them.
 */
import { NO_LEADER } from "../records/metadata-record.js";
import type { MetadataImage } from "./metadata-image.js";

export class MetadataInvariantChecker {
  /** topicId/partition → leader epoch → the leader seen in that epoch. */
  readonly #leadersByEpoch = new Map<string, Map<number, number>>();
  readonly #lastEpochs = new Map<string, { leaderEpoch: number; partitionEpoch: number }>();

  check(image: MetadataImage): string[] {
    const violations: string[] = [];
    for (const topic of image.topicsById.values()) {
      for (const [index, partition] of topic.partitions) {
        const label = `${topic.name}-${index}`;
        const key = `${topic.topicId}/${index}`;
        if (partition.isr.length === 0) violations.push(`${label}: empty ISR`);
        if (partition.leader !== NO_LEADER) {
          if (!partition.isr.includes(partition.leader))
            violations.push(`${label}: leader ${partition.leader} not in ISR`);
          const broker = image.brokers.get(partition.leader);
          if (broker === undefined || broker.fenced) {
            violations.push(`${label}: leader ${partition.leader} is fenced or unregistered`);
          }
          const epochs = this.#leadersByEpoch.get(key) ?? new Map<number, number>();
          this.#leadersByEpoch.set(key, epochs);
          const seen = epochs.get(partition.leaderEpoch);
          if (seen !== undefined && seen !== partition.leader) {
            violations.push(
              `${label}: leaders ${seen} and ${partition.leader} in leader epoch ${partition.leaderEpoch}`,
            );
          }
          epochs.set(partition.leaderEpoch, partition.leader);
        }
        const last = this.#lastEpochs.get(key);
        if (last !== undefined) {
          if (partition.leaderEpoch < last.leaderEpoch) violations.push(`${label}: leader epoch went back`);
          if (partition.partitionEpoch < last.partitionEpoch)
            violations.push(`${label}: partition epoch went back`);
        }
        this.#lastEpochs.set(key, {
          leaderEpoch: partition.leaderEpoch,
          partitionEpoch: partition.partitionEpoch,
        });
      }
    }
    return violations;
  }
}
