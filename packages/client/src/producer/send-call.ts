import { assert, type RecordInput } from "@rill/protocol";
import type { PendingRecord, RecordOutcome } from "./producer-batch.js";

/**
 * The outcomes of one send() call: each record's outcome lands in its slot, and `outcomes`
 * resolves once every slot is filled. One promise per call, not one per record: at saturation
 * the producer handles hundreds of thousands of records a second, and per-record promises and
 * closures were a large part of its allocations (and so of its GC time).
 */
export class SendCall {
  readonly outcomes: Promise<RecordOutcome[]>;
  readonly #slots: (RecordOutcome | undefined)[];
  #remaining: number;
  #resolve: (outcomes: RecordOutcome[]) => void = () => undefined;

  constructor(recordCount: number) {
    assert(recordCount > 0, "a send call has records");
    this.#slots = new Array<RecordOutcome | undefined>(recordCount);
    this.#remaining = recordCount;
    this.outcomes = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** Fills slot `index`; every slot is filled exactly once. */
  settle(index: number, outcome: RecordOutcome): void {
    assert(this.#slots[index] === undefined, "a record's outcome is settled once", { index });
    this.#slots[index] = outcome;
    this.#remaining -= 1;
    if (this.#remaining === 0) this.#resolve(this.#slots as RecordOutcome[]);
  }
}

/** A record of a send() call on its way through the batches: settling it fills its call's slot. */
export class CallRecord implements PendingRecord {
  readonly record: RecordInput & { readonly timestamp: number };
  readonly bytes: number;
  /** The partition the caller asked for, or undefined for the partitioner's choice. */
  readonly partition: number | undefined;
  readonly #call: SendCall;
  readonly #index: number;

  constructor(options: {
    call: SendCall;
    index: number;
    record: RecordInput & { readonly timestamp: number };
    bytes: number;
    partition: number | undefined;
  }) {
    this.#call = options.call;
    this.#index = options.index;
    this.record = options.record;
    this.bytes = options.bytes;
    this.partition = options.partition;
  }

  settle(outcome: RecordOutcome): void {
    this.#call.settle(this.#index, outcome);
  }
}
