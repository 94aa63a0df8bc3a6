/**
 * The simulated network between controllers, brokers and the admin client: every message is
 * delivered after a random delay (occasionally a long one, which reorders it), may be dropped or
 * (when the sender allows it) duplicated, and is lost on a blocked link. Links are directed, so a
 * partition may be asymmetric. Deterministic: every choice comes from the injected generator.
 */
import type { SeededRandom } from "@rill/protocol/random";

/** Messages in flight at most; more are dropped, as by a full queue. */
export const MESSAGES_IN_FLIGHT_MAX = 20_000;

export interface NetworkFaults {
  dropRate: number;
  duplicateRate: number;
  reorderRate: number;
}

export interface Delivery<M> {
  readonly atStep: number;
  readonly sequence: number;
  readonly from: string;
  readonly to: string;
  readonly message: M;
}

export class SimulatedNetwork<M> {
  #inFlight: Delivery<M>[] = [];
  #sequence = 0;
  /** Directed links that lose everything: "from>to". */
  readonly #blocked = new Set<string>();
  dropped = 0;
  duplicated = 0;

  readonly #random: SeededRandom;
  constructor(
    random: SeededRandom,
    readonly faults: NetworkFaults,
  ) {
    this.#random = random;
  }

  send(from: string, to: string, message: M, nowStep: number, options: { duplicable: boolean }): void {
    if (this.#inFlight.length >= MESSAGES_IN_FLIGHT_MAX || this.#random.chance(this.faults.dropRate)) {
      this.dropped++;
      return;
    }
    const copies = options.duplicable && this.#random.chance(this.faults.duplicateRate) ? 2 : 1;
    if (copies === 2) this.duplicated++;
    for (let copy = 0; copy < copies; copy++) {
      const delaySteps = this.#random.chance(this.faults.reorderRate)
        ? this.#random.int(1, 30)
        : this.#random.int(1, 3);
      this.#inFlight.push({ atStep: nowStep + delaySteps, sequence: this.#sequence++, from, to, message });
    }
  }

  /** The messages due at `nowStep` on open links, in delivery order; the rest stay in flight. */
  takeDue(nowStep: number): Delivery<M>[] {
    if (this.#inFlight.length === 0) return [];
    const due: Delivery<M>[] = [];
    const later: Delivery<M>[] = [];
    for (const delivery of this.#inFlight) (delivery.atStep <= nowStep ? due : later).push(delivery);
    if (due.length === 0) return [];
    this.#inFlight = later;
    due.sort((a, b) => a.atStep - b.atStep || a.sequence - b.sequence);
    const open = due.filter((delivery) => !this.isBlocked(delivery.from, delivery.to));
    this.dropped += due.length - open.length;
    return open;
  }

  block(from: string, to: string): void {
    this.#blocked.add(`${from}>${to}`);
  }

  isBlocked(from: string, to: string): boolean {
    return this.#blocked.has(`${from}>${to}`);
  }

  get blockedLinks(): number {
    return this.#blocked.size;
  }

  describeBlocked(): string {
    return [...this.#blocked].join(" ");
  }

  heal(): void {
    this.#blocked.clear();
  }
}
