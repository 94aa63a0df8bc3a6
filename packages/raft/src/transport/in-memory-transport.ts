/**
 * A transport between drivers in one process: `send` delivers to the receiving member's driver on
 * a later turn of the event loop (never re-entrantly), in order. Tests can cut links to simulate
 * partitions; a cut link drops messages, as a broken stream would.
 */
import type { NodeId } from "../core/types.js";
import type { RaftTransport } from "./transport.js";

export class InMemoryNetwork<M extends { readonly from: NodeId; readonly to: NodeId }> {
  readonly #receivers = new Map<NodeId, (message: M) => void>();
  readonly #cutLinks = new Set<string>();
  readonly #inFlight: M[] = [];
  #deliveryScheduled = false;
  /** Messages dropped because a link was cut or the receiver was absent. */
  dropped = 0;

  /** The transport endpoint of member `nodeId`. */
  endpoint(nodeId: NodeId): RaftTransport<M> {
    return {
      send: (messages) => {
        for (const message of messages) this.#inFlight.push(message);
        this.#scheduleDelivery();
      },
      setReceiver: (receiver) => {
        this.#receivers.set(nodeId, receiver);
      },
      close: async () => {
        this.#receivers.delete(nodeId);
      },
    };
  }

  /** Drops messages from `a` to `b` and from `b` to `a` until `heal`. */
  cut(a: NodeId, b: NodeId): void {
    this.#cutLinks.add(`${a}->${b}`);
    this.#cutLinks.add(`${b}->${a}`);
  }

  /** Cuts every link of `nodeId`. */
  isolate(nodeId: NodeId, others: readonly NodeId[]): void {
    for (const other of others) if (other !== nodeId) this.cut(nodeId, other);
  }

  heal(): void {
    this.#cutLinks.clear();
  }

  #scheduleDelivery(): void {
    if (this.#deliveryScheduled) return;
    this.#deliveryScheduled = true;
    setImmediate(() => {
      this.#deliveryScheduled = false;
      const batch = this.#inFlight.splice(0);
      for (const message of batch) {
        const receiver = this.#receivers.get(message.to);
        if (receiver === undefined || this.#cutLinks.has(`${message.from}->${message.to}`)) {
          this.dropped += 1;
          continue;
        }
        receiver(message);
      }
    });
  }
}
