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
 *   the partition count); a keyless one sticks to one partition until batches of at least
 *   `stickyBytesMin` (batch.size) have closed on it, then moves to another (KIP-480 with
 *   KIP-794's switch by bytes), so keyless records make few, full batches. Moving on at every
 *   closed batch (KIP-480 alone) made linger.ms 0 spread a few records per batch over every
 *   partition: each batch is sent as soon as it exists, closing it, so no partition ever had a
 *   request in flight for records to wait behind and grow a batch;
 * - "round-robin": partition after partition, keys ignored (Kafka's RoundRobinPartitioner);
 * - a function: the user's choice, checked to be in range.
 * `random` is injected so tests can replay the sticky choices.
 */
export class PartitionChooser {
  readonly #kind: "default" | "round-robin" | Partitioner;
  readonly #random: () => number;
  readonly #stickyBytesMin: number;
  /** topic → the partition keyless records stick to (default) or the next one (round-robin). */
  readonly #current = new Map<string, number>();
  /** topic → bytes of the batches closed on its sticky partition since it was chosen. */
  readonly #stuckBytes = new Map<string, number>();

  /** `stickyBytesMin`: the bytes a sticky partition takes before keyless records move on (0: every closed batch). */
  constructor(
    kind: "default" | "round-robin" | Partitioner,
    options: { readonly random?: () => number; readonly stickyBytesMin?: number } = {},
  ) {
    this.#kind = kind;
    this.#random = options.random ?? Math.random;
    this.#stickyBytesMin = options.stickyBytesMin ?? 0;
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
      this.#stuckBytes.set(topic, 0);
    }
    return sticky;
  }

  /**
   * The accumulator closed a batch of `bytes` on `partition`: once the batches closed on the
   * partition keyless records stick to add up to `stickyBytesMin`, they move to another
   * partition, chosen at random among the others.
   */
  batchClosed(closed: {
    readonly topic: string;
    readonly partition: number;
    readonly bytes: number;
    readonly partitionCount: number;
  }): void {
    const { topic, partition, partitionCount } = closed;
    if (this.#kind !== "default" || this.#current.get(topic) !== partition) return;
    if (partitionCount <= 1) return;
    const stuckBytes = (this.#stuckBytes.get(topic) ?? 0) + closed.bytes;
    if (stuckBytes < this.#stickyBytesMin) {
      this.#stuckBytes.set(topic, stuckBytes);
      return;
    }
    const other = Math.floor(this.#random() * (partitionCount - 1));
    this.#current.set(topic, other >= partition ? other + 1 : other);
    this.#stuckBytes.set(topic, 0);
  }
}
