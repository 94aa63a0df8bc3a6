import { partitionKey as key, type TopicPartitions, topicPartitionsOf } from "../topic-partitions.js";
import type { AssignorInput, AssignorMember } from "./assignor-types.js";

interface Slot {
  readonly topic: string;
  readonly partition: number;
}

/**
 * The uniform assignor (KIP-848's default), sticky and rack-aware:
 * 1. every member keeps the partitions of its current target that it still subscribes to;
 * 2. partitions without an owner go, topic by topic (most constrained topic first), to the
 *    subscriber with the fewest partitions, a member on one of the partition's replica racks
 *    first among equals;
 * 3. while a member has two or more partitions more than another member that could take one of
 *    them, one partition moves (one on the taker's rack first). Each move lowers the sum of
 *    squared counts, so this ends; it moves only what balance needs: a member joining a group of
 *    identical subscriptions takes its share and nothing else moves.
 */
export function uniformAssignor(input: AssignorInput): Map<string, TopicPartitions> {
  const state = new AssignmentState(input);
  state.keepCurrent();
  state.assignUnowned();
  state.balance();
  return state.result();
}

class AssignmentState {
  readonly #input: AssignorInput;
  /** partition key → member id */
  readonly #owner = new Map<string, string>();
  /** member id → its slots */
  readonly #slots = new Map<string, Slot[]>();
  readonly #subscribers = new Map<string, AssignorMember[]>();

  constructor(input: AssignorInput) {
    this.#input = input;
    for (const member of input.members) {
      this.#slots.set(member.memberId, []);
      for (const topic of member.subscribedTopics) {
        let list = this.#subscribers.get(topic);
        if (list === undefined) {
          list = [];
          this.#subscribers.set(topic, list);
        }
        list.push(member);
      }
    }
  }

  keepCurrent(): void {
    for (const member of this.#input.members) {
      for (const [topic, partitions] of member.current) {
        if (!member.subscribedTopics.includes(topic)) continue;
        const partitionCount = this.#input.topics.get(topic)?.partitionCount ?? 0;
        for (const partition of [...partitions].sort((a, b) => a - b)) {
          if (partition >= partitionCount || this.#owner.has(key(topic, partition))) continue;
          this.#give(member.memberId, { topic, partition });
        }
      }
    }
  }

  assignUnowned(): void {
    const topics = [...this.#subscribers.keys()].sort(
      (a, b) =>
        (this.#subscribers.get(a)?.length ?? 0) - (this.#subscribers.get(b)?.length ?? 0) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const topic of topics) {
      const subscribers = this.#subscribers.get(topic) ?? [];
      const partitionCount = this.#input.topics.get(topic)?.partitionCount ?? 0;
      for (let partition = 0; partition < partitionCount; partition += 1) {
        if (this.#owner.has(key(topic, partition))) continue;
        const racks = this.#racksOf(topic, partition);
        let best: AssignorMember | undefined;
        for (const member of subscribers) {
          if (best === undefined) {
            best = member;
            continue;
          }
          const difference = this.#count(member.memberId) - this.#count(best.memberId);
          if (difference < 0 || (difference === 0 && onRack(member, racks) && !onRack(best, racks))) {
            best = member;
          }
        }
        if (best !== undefined) this.#give(best.memberId, { topic, partition });
      }
    }
  }

  balance(): void {
    for (;;) {
      const donors = [...this.#input.members].sort(
        (a, b) => this.#count(b.memberId) - this.#count(a.memberId),
      );
      let moved = false;
      for (const donor of donors) {
        if (this.#moveOneFrom(donor)) {
          moved = true;
          break;
        }
      }
      if (!moved) return;
    }
  }

  /** Moves one of `donor`'s partitions to a subscriber with at least two fewer; false when none. */
  #moveOneFrom(donor: AssignorMember): boolean {
    const donorCount = this.#count(donor.memberId);
    let choice: { slot: Slot; taker: AssignorMember; score: number } | undefined;
    for (const slot of this.#slots.get(donor.memberId) ?? []) {
      for (const taker of this.#subscribers.get(slot.topic) ?? []) {
        const takerCount = this.#count(taker.memberId);
        if (taker === donor || donorCount - takerCount < 2) continue;
        const racks = this.#racksOf(slot.topic, slot.partition);
        // Lower is better: fewest partitions first, then a partition on the taker's rack, then
        // one off the donor's rack.
        const score = takerCount * 4 + (onRack(taker, racks) ? 0 : 2) + (onRack(donor, racks) ? 1 : 0);
        if (choice === undefined || score < choice.score) choice = { slot, taker, score };
      }
    }
    if (choice === undefined) return false;
    const slots = this.#slots.get(donor.memberId) ?? [];
    const chosen = choice.slot;
    this.#slots.set(
      donor.memberId,
      slots.filter((slot) => slot !== chosen),
    );
    this.#owner.delete(key(chosen.topic, chosen.partition));
    this.#give(choice.taker.memberId, chosen);
    return true;
  }

  result(): Map<string, TopicPartitions> {
    return new Map(
      this.#input.members.map((member) => [
        member.memberId,
        topicPartitionsOf(
          (this.#slots.get(member.memberId) ?? []).map((slot) => [slot.topic, [slot.partition]] as const),
        ),
      ]),
    );
  }

  #give(memberId: string, slot: Slot): void {
    this.#owner.set(key(slot.topic, slot.partition), memberId);
    this.#slots.get(memberId)?.push(slot);
  }

  #count(memberId: string): number {
    return this.#slots.get(memberId)?.length ?? 0;
  }

  #racksOf(topic: string, partition: number): readonly string[] {
    return this.#input.topics.get(topic)?.partitionRacks[partition] ?? [];
  }
}

function onRack(member: AssignorMember, racks: readonly string[]): boolean {
  return member.rackId !== null && racks.includes(member.rackId);
}
