/**
 * The simulated network between the drivers: each message is dropped, duplicated or delayed (a
 * short delay, or a long one that reorders it) by the seed's rates, and is lost at delivery time
 * when its link is blocked (a partition) or its receiver is down. Messages travel as objects, as
 * the in-memory transport carries them.
 */
import type { SeededRandom } from "@rill/protocol/random";
import type { Message } from "../core/messages.js";
import type { NodeId } from "../core/types.js";
import type { RaftTransport } from "../transport/transport.js";
import type { Counters } from "./counters.js";
import type { Incarnation, SimScheduler } from "./sim-scheduler.js";

/** Bound on messages in flight; more are dropped, as a full send queue would. */
const MESSAGES_IN_FLIGHT_MAX = 20_000;

export interface NetworkRates {
  drop: number;
  duplicate: number;
  reorder: number;
}

export class SimNetwork {
  /** Links that drop everything: "from>to". */
  readonly blocked = new Set<string>();
  readonly #receivers = new Map<NodeId, (message: Message) => void>();
  #inFlight = 0;

  readonly #scheduler: SimScheduler;
  readonly #random: SeededRandom;
  readonly #counters: Counters;
  constructor(
    scheduler: SimScheduler,
    random: SeededRandom,
    counters: Counters,
    readonly rates: NetworkRates,
  ) {
    this.#scheduler = scheduler;
    this.#random = random;
    this.#counters = counters;
  }

  /** The transport of one incarnation of member `id`: it stops receiving when the owner dies. */
  endpoint(id: NodeId, owner: Incarnation): RaftTransport<Message> {
    return {
      send: (messages) => {
        for (const message of messages) this.#send(message);
      },
      setReceiver: (receiver) => {
        this.#receivers.set(id, (message) => {
          if (owner.alive) receiver(message);
        });
      },
      close: async () => {
        this.#receivers.delete(id);
      },
    };
  }

  /** Member `id` is down: what reaches it from now on is lost. */
  disconnect(id: NodeId): void {
    this.#receivers.delete(id);
  }

  #send(message: Message): void {
    if (this.#inFlight >= MESSAGES_IN_FLIGHT_MAX || this.#random.chance(this.rates.drop)) {
      this.#counters.messagesDropped++;
      return;
    }
    if (message.type === "snapshot" && message.offset > 0) this.#counters.snapshotChunksSent++;
    const copies = this.#random.chance(this.rates.duplicate) ? 2 : 1;
    if (copies === 2) this.#counters.messagesDuplicated++;
    for (let copy = 0; copy < copies; copy++) {
      const delayMs = this.#random.chance(this.rates.reorder)
        ? this.#random.int(1, 30)
        : this.#random.int(1, 3);
      this.#inFlight += 1;
      this.#scheduler.at(this.#scheduler.now + delayMs, () => this.#deliver(message));
    }
  }

  #deliver(message: Message): void {
    this.#inFlight -= 1;
    const receiver = this.#receivers.get(message.to);
    if (receiver === undefined || this.blocked.has(`${message.from}>${message.to}`)) {
      this.#counters.messagesDropped++;
      return;
    }
    this.#counters.messagesDelivered++;
    if (message.type === "pre-vote-response" && message.reject) this.#counters.preVotesRejected++;
    if (message.type === "append-response" && message.reject && message.index > 0)
      this.#counters.appendRejectsWithHint++;
    receiver(message);
  }
}
