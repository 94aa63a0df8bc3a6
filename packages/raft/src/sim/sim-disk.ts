/**
 * One simulated member's disk: storage's MemoryFileSystem (a crash keeps only what a datasync
 * covered) behind a layer that makes each datasync take simulated time, so a crash can land
 * while a Ready's writes wait for their fsync, and that can tear an append on a crash (a prefix
 * of the unsynced bytes of one segment reaches the platter).
 */
import type { SeededRandom } from "@rill/protocol/random";
import { ForwardingFileSystem, MemoryFileSystem, type StorageFile } from "@rill/storage";
import type { Incarnation, SimScheduler } from "./sim-scheduler.js";

/** Longest simulated fsync, in steps. */
const FSYNC_STEPS_MAX = 2;

export class SimDisk extends ForwardingFileSystem {
  readonly memory: MemoryFileSystem;
  /** Whose fsyncs are waiting; set at each start. Undefined while the disk is driven directly. */
  owner: Incarnation | undefined;
  #syncsWaiting = 0;

  readonly #scheduler: SimScheduler;
  readonly #random: SeededRandom;
  constructor(scheduler: SimScheduler, random: SeededRandom) {
    const memory = new MemoryFileSystem();
    super(memory);
    this.#scheduler = scheduler;
    this.#random = random;
    this.memory = memory;
  }

  override async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    const file = await this.inner.open(path, options);
    return {
      read: (buffer, offset, length, position) => file.read(buffer, offset, length, position),
      write: (buffers, position) => file.write(buffers, position),
      datasync: async () => {
        await this.#fsyncLatency();
        await file.datasync();
      },
      truncate: (length) => file.truncate(length),
      size: () => file.size(),
      close: () => file.close(),
    };
  }

  /** True when a crash now would lose written bytes. */
  hasUnsyncedWrites(): boolean {
    return this.#syncsWaiting > 0 || this.memory.unflushedFiles().length > 0;
  }

  /**
   * Power loss. With `tear`, one segment's unsynced append survives in part first. Returns
   * whether it tore one.
   */
  crash(tear: boolean): boolean {
    const torn = tear && this.#tearOneAppend();
    this.#syncsWaiting = 0;
    this.memory.crash();
    return torn;
  }

  #tearOneAppend(): boolean {
    for (const [path, state] of this.memory.files) {
      if (!path.endsWith(".log")) continue;
      const durableBytes = state.durable.length;
      const unsyncedBytes = state.currentLength - durableBytes;
      if (unsyncedBytes < 2 || !state.current.subarray(0, durableBytes).equals(state.durable)) continue;
      state.durable = Buffer.from(
        state.current.subarray(0, durableBytes + this.#random.int(1, unsyncedBytes - 1)),
      );
      return true;
    }
    return false;
  }

  async #fsyncLatency(): Promise<void> {
    const owner = this.owner;
    const steps = owner === undefined ? 0 : this.#random.int(0, FSYNC_STEPS_MAX);
    if (steps === 0) return;
    this.#syncsWaiting += 1;
    await new Promise<void>((resolve) => this.#scheduler.at(this.#scheduler.now + steps, resolve, owner));
    this.#syncsWaiting -= 1;
  }
}
