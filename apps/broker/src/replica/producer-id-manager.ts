import { type BrokerV1, RillError } from "@rill/protocol";
import { PRODUCER_EPOCH_MAX } from "@rill/replication";
import type { ControllerChannel } from "./replica-manager-types.js";

/**
 * Hands out producer ids for InitProducerId from blocks the controller allocates to this broker
 * (Kafka's ProducerIdManager). One block request is in flight at a time; callers wait for it.
 * Without transactions there is no coordinator state: a producer that passes its id and epoch
 * gets the next epoch of the same id (fencing its older incarnation at every partition), or a
 * new id when the epoch would overflow.
 */
export class ProducerIdManager {
  readonly #controller: ControllerChannel;
  #next = 0;
  #end = 0;
  #refill: Promise<void> | undefined;

  constructor(controller: ControllerChannel) {
    this.#controller = controller;
  }

  async initProducerId(
    request: BrokerV1.InitProducerIdRequest__Output,
  ): Promise<BrokerV1.InitProducerIdResponse> {
    if (request.transactionalId !== "") {
      throw new RillError("INVALID_REQUEST", "transactional producers are not supported yet");
    }
    const { producerId, producerEpoch } = request;
    if (producerId >= 0) {
      if (!Number.isSafeInteger(producerId) || producerEpoch < 0 || producerEpoch > PRODUCER_EPOCH_MAX) {
        throw new RillError("INVALID_REQUEST", `invalid producer id ${producerId} / epoch ${producerEpoch}`);
      }
      if (producerEpoch < PRODUCER_EPOCH_MAX) return { producerId, producerEpoch: producerEpoch + 1 };
    }
    return { producerId: await this.nextProducerId(), producerEpoch: 0 };
  }

  async nextProducerId(): Promise<number> {
    while (this.#next >= this.#end) {
      this.#refill ??= this.#allocate().finally(() => {
        this.#refill = undefined;
      });
      await this.#refill;
    }
    const id = this.#next;
    this.#next += 1;
    return id;
  }

  async #allocate(): Promise<void> {
    const block = await this.#controller.allocateProducerIds();
    const first = Number(block.firstProducerId);
    if (!Number.isSafeInteger(first) || first < 0 || !(block.count > 0)) {
      throw new RillError(
        "UNKNOWN_SERVER_ERROR",
        `the controller returned an invalid producer id block ${first}+${block.count}`,
      );
    }
    this.#next = first;
    this.#end = first + block.count;
  }
}
