/**
 * The driver's linearizable reads (ReadIndex): each waits to be fed to the core, then for the
 * core to confirm an index (a quorum still follows this leader), then for the state machine to
 * apply that index; it fails with REQUEST_TIMED_OUT after `readIndexTimeoutMs` (a read changes
 * nothing, so a timeout is not indeterminate).
 */
import { RillError } from "@rill/protocol";
import type { ReadState } from "../core/types.js";
import type { DriverClock } from "./clock.js";

interface PendingRead {
  readonly context: Uint8Array;
  /** Known once the core answers; the read completes when applied reaches it. */
  index: number | undefined;
  readonly resolve: (index: number) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: unknown;
}

export interface PendingReadsLimits {
  /** Reads pending (queued or waiting) before new ones are refused. */
  readonly readsPendingMax: number;
  readonly readIndexTimeoutMs: number;
}

export class PendingReads {
  /** Reads not yet fed to the core. */
  readonly #queued: PendingRead[] = [];
  /** Every pending read, by its context. */
  readonly #byContext = new Map<string, PendingRead>();
  #nextId = 1;

  readonly #clock: DriverClock;
  readonly #limits: PendingReadsLimits;
  constructor(clock: DriverClock, limits: PendingReadsLimits) {
    this.#clock = clock;
    this.#limits = limits;
  }

  get hasQueued(): boolean {
    return this.#queued.length > 0;
  }

  /** A new read; rejected at once with THROTTLING_QUOTA_EXCEEDED when too many are pending. */
  add(): Promise<number> {
    if (this.#byContext.size >= this.#limits.readsPendingMax) {
      return Promise.reject(new RillError("THROTTLING_QUOTA_EXCEEDED", "raft: too many reads pending"));
    }
    return new Promise((resolve, reject) => {
      const context = new Uint8Array(8);
      new DataView(context.buffer).setFloat64(0, this.#nextId++);
      const key = contextKey(context);
      const read: PendingRead = {
        context,
        index: undefined,
        resolve,
        reject,
        timer: this.#clock.setTimeout(() => {
          this.#byContext.delete(key);
          reject(new RillError("REQUEST_TIMED_OUT", "raft: read index not confirmed in time"));
        }, this.#limits.readIndexTimeoutMs),
      };
      this.#byContext.set(key, read);
      this.#queued.push(read);
    });
  }

  /** The contexts of the reads to feed to the core now (each once). */
  takeQueued(): Uint8Array[] {
    return this.#queued.splice(0).map((read) => read.context);
  }

  /** The core confirmed these reads' indexes. */
  confirm(readStates: readonly ReadState[]): void {
    for (const readState of readStates) {
      const read = this.#byContext.get(contextKey(readState.context));
      if (read !== undefined) read.index = readState.index;
    }
  }

  /** Completes every confirmed read whose index the state machine has applied. */
  answer(appliedIndex: number): void {
    for (const [key, read] of this.#byContext) {
      if (read.index !== undefined && read.index <= appliedIndex) {
        this.#byContext.delete(key);
        this.#clock.clearTimeout(read.timer);
        read.resolve(read.index);
      }
    }
  }

  rejectAll(error: unknown): void {
    for (const read of this.#byContext.values()) {
      this.#clock.clearTimeout(read.timer);
      read.reject(error);
    }
    this.#byContext.clear();
    this.#queued.length = 0;
  }
}

function contextKey(context: Uint8Array): string {
  return Buffer.from(context.buffer, context.byteOffset, context.byteLength).toString("hex");
}
