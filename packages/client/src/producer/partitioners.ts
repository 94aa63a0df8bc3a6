import { partitionForKey, RillError } from "@rill/protocol";

/** What a partitioner sees of a record. */
export interface PartitionerInput {
  readonly topic: string;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly partitionCount: number;
}

/** A user partitioner (Kafka `partitioner.class`): returns a partition in [0, partitionCount). */
export type Partitioner = (input: PartitionerInput) => number;

/**
 * Picks the partition of each record that does not name one:
 * - "default": a keyed record goes where Kafka's Java client puts it (murmur2 of the key modulo
 *   the partition count); a keyless one sticks to one partition until the batch it fills is
 *   closed, then moves to another (KIP-480), so keyless records make few, full batches;
 * - "round-robin": partition after partition, keys ignored (Kafka's RoundRobinPartitioner);
 * - a function: the user's choice, checked to be in range.
 * `random` is injected so tests can replay the sticky choices.
 */
export class PartitionChooser {
  readonly #kind: "default" | "round-robin" | Partitioner;
  readonly #random: () => number;
  /** topic → the partition keyless records stick to (default) or the next one (round-robin). */
  readonly #current = new Map<string, number>();

  constructor(kind: "default" | "round-robin" | Partitioner, random: () => number = Math.random) {
    this.#kind = kind;
    this.#random = random;
  }

  choose(input: PartitionerInput): number {
    const { topic, key, partitionCount } = input;
    if (typeof this.#kind === "function") {
      const chosen = this.#kind(input);
      if (!(Number.isInteger(chosen) && chosen >= 0 && chosen < partitionCount)) {
        throw new RillError(
          "INVALID_PARTITIONS",
          `the partitioner chose ${chosen} for topic '${topic}', which has ${partitionCount} partition(s)`,
        );
      }
      return chosen;
    }
    if (this.#kind === "round-robin") {
      const next = this.#current.get(topic) ?? 0;
      this.#current.set(topic, (next + 1) % partitionCount);
      return next % partitionCount;
    }
    if (key !== null) return partitionForKey(key, partitionCount);
    let sticky = this.#current.get(topic);
    if (sticky === undefined || sticky >= partitionCount) {
      sticky = Math.floor(this.#random() * partitionCount);
      this.#current.set(topic, sticky);
    }
    return sticky;
  }

  /**
   * The accumulator closed a batch of `partition`: keyless records stuck to it move to another
   * partition (KIP-480), chosen at random among the others.
   */
  batchClosed(topic: string, partition: number, partitionCount: number): void {
    if (this.#kind !== "default" || this.#current.get(topic) !== partition) return;
    if (partitionCount <= 1) return;
    const other = Math.floor(this.#random() * (partitionCount - 1));
    this.#current.set(topic, other >= partition ? other + 1 : other);
  }
}
