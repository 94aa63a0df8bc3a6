import { assert, type RecordHeader, type RecordInput } from "@rill/protocol";
import { recordSizeBytes } from "./accumulator.js";
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

/** Shared by every record without headers (encoded the same as none). */
const noHeaders: readonly RecordHeader[] = Object.freeze([]);

/**
 * A record of a send() call on its way through the batches: the record itself (what the encoder
 * reads) and its slot in the call, one object per record (at saturation the buffer holds a few
 * hundred thousand of them, and every object held costs the GC).
 */
export class CallRecord implements PendingRecord, RecordInput {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly RecordHeader[];
  readonly timestamp: number;
  /** Its estimated size in a batch (recordSizeBytes). */
  readonly bytes: number;
  /** The partition the caller asked for, or undefined for the partitioner's choice. */
  readonly partition: number | undefined;
  readonly #call: SendCall;
  readonly #index: number;

  constructor(options: {
    call: SendCall;
    index: number;
    key: Uint8Array | null;
    value: Uint8Array | null;
    headers: readonly RecordHeader[] | undefined;
    timestamp: number;
    partition: number | undefined;
  }) {
    this.#call = options.call;
    this.#index = options.index;
    this.key = options.key;
    this.value = options.value;
    this.headers = options.headers ?? noHeaders;
    this.timestamp = options.timestamp;
    this.partition = options.partition;
    this.bytes = recordSizeBytes(this);
  }

  /** The record to encode: this object. */
  get record(): this {
    return this;
  }

  settle(outcome: RecordOutcome): void {
    this.#call.settle(this.#index, outcome);
  }
}
