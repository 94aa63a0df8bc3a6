import { RillError } from "@rill/protocol";
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from "@rill/protocol/ids";

// Pure on purpose: no Node module, no clock, no file. The replication cores import this module
// (through the `@rill/storage/leader-epoch-cache` entry) so that storage and replication answer
// epoch lookups with one set of rules; the PartitionLog owns the checkpoint file.

/** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET: "no such epoch" in an epoch lookup. */
export { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET };

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** The answer to "where does epoch E end in your log?" (Kafka's EpochEndOffset). */
export interface EpochEndOffset {
  /** The epoch the answer is about (see `LeaderEpochCache.endOffsetFor`), or UNDEFINED_EPOCH. */
  readonly epoch: number;
  /** Exclusive end of that epoch: the start offset of the next epoch, or the log end offset. */
  readonly endOffset: number;
}

/**
 * Kafka's LeaderEpochFileCache: (epoch, start offset) pairs, epochs and start offsets both
 * strictly increasing, the start offset being the first offset written (or, for a new leader,
 * to be written) in that epoch. The owner persists it (leader-epoch-checkpoint) whenever
 * `version` changes.
 */
export class LeaderEpochCache {
  #entries: EpochEntry[] = [];
  /** Bumped on every change, so the owner knows when to write the checkpoint. */
  version = 0;

  constructor(entries: readonly EpochEntry[] = []) {
    for (const entry of entries) this.assign(entry.epoch, entry.startOffset);
    this.version = 0;
  }

  entries(): readonly EpochEntry[] {
    return this.#entries;
  }

  latest(): EpochEntry | undefined {
    return this.#entries.at(-1);
  }

  latestEpoch(): number | undefined {
    return this.#entries.at(-1)?.epoch;
  }

  /**
   * Records that `epoch` starts at `startOffset`. An epoch not newer than the latest is ignored
   * (a repeat, or a batch of an older leader copied by a follower that has not truncated yet is
   * not a new epoch). A newer epoch starting before the latest entry's start would break the
   * ordering: that is a bug (the log appends in offset order; a follower truncates first).
   * A newer epoch starting where the latest starts supersedes it: that epoch wrote nothing.
   */
  assign(epoch: number, startOffset: number): void {
    if (!Number.isSafeInteger(epoch) || epoch < 0 || !Number.isSafeInteger(startOffset) || startOffset < 0) {
      throw new Error(`assertion: invalid epoch entry (${epoch}, ${startOffset})`);
    }
    const latest = this.latest();
    if (latest !== undefined) {
      if (epoch <= latest.epoch) return;
      if (startOffset < latest.startOffset) {
        throw new Error(
          `assertion: epoch ${epoch} starts at ${startOffset}, before epoch ${latest.epoch} (${latest.startOffset})`,
        );
      }
      if (startOffset === latest.startOffset) this.#entries.pop();
    }
    this.#entries.push({ epoch, startOffset });
    this.version += 1;
  }

  /**
   * KIP-101/KIP-279, exactly as Kafka's LeaderEpochFileCache.endOffsetFor (storage module):
   * - requested UNDEFINED_EPOCH → (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
   * - requested == the latest epoch → (requested, logEndOffset): that epoch is still open;
   * - otherwise, with `higher` the first entry whose epoch > requested and `floor` the last
   *   entry whose epoch <= requested:
   *   - no `higher` (requested is newer than everything known, or the cache is empty) →
   *     (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
   *   - no `floor` (requested is older than everything known: its entries went with the log
   *     start) → (requested, higher.startOffset), so the follower truncates to where the
   *     leader's known history begins;
   *   - else (floor.epoch, higher.startOffset).
   * E.g. entries [(1,0),(3,4)], log end 7: epoch 0 → (0,0); 1 → (1,4); 2 → (1,4); 3 → (3,7);
   * 5 → (-1,-1).
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    const undefinedAnswer = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH) return undefinedAnswer;
    const latest = this.latest();
    if (latest !== undefined && latest.epoch === requestedEpoch) {
      return { epoch: requestedEpoch, endOffset: logEndOffset };
    }
    const higherIndex = this.#entries.findIndex((entry) => entry.epoch > requestedEpoch);
    const higher = this.#entries[higherIndex];
    if (higher === undefined) return undefinedAnswer;
    const floor = higherIndex > 0 ? this.#entries[higherIndex - 1] : undefined;
    if (floor === undefined) return { epoch: requestedEpoch, endOffset: higher.startOffset };
    return { epoch: floor.epoch, endOffset: higher.startOffset };
  }

  /** After the log was truncated to `endOffset`: drop the epochs that start at or after it. */
  truncateFromEnd(endOffset: number): void {
    const before = this.#entries.length;
    while ((this.#entries.at(-1)?.startOffset ?? -1) >= endOffset) this.#entries.pop();
    if (this.#entries.length !== before) this.version += 1;
  }

  /**
   * After the log start moved to `startOffset`: epochs wholly before it go, and the one covering
   * it now starts at `startOffset` (Kafka's truncateFromStart).
   */
  truncateFromStart(startOffset: number): void {
    let floorIndex = -1;
    for (let index = 0; index < this.#entries.length; index += 1) {
      if ((this.#entries[index] as EpochEntry).startOffset <= startOffset) floorIndex = index;
    }
    if (floorIndex < 0) return;
    const floor = this.#entries[floorIndex] as EpochEntry;
    if (floorIndex === 0 && floor.startOffset === startOffset) return;
    this.#entries = [{ epoch: floor.epoch, startOffset }, ...this.#entries.slice(floorIndex + 1)];
    this.version += 1;
  }

  clear(): void {
    if (this.#entries.length > 0) this.version += 1;
    this.#entries = [];
  }

  /** Kafka's checkpoint text format: version line, count line, then `epoch offset` lines. */
  serialize(): Uint8Array {
    const lines = [
      "0",
      String(this.#entries.length),
      ...this.#entries.map((entry) => `${entry.epoch} ${entry.startOffset}`),
    ];
    return new TextEncoder().encode(`${lines.join("\n")}\n`);
  }

  /** Parses `serialize()`'s format; entries must be strictly increasing (STORAGE_ERROR if not). */
  static parse(bytes: Uint8Array, path: string): LeaderEpochCache {
    const lines = new TextDecoder()
      .decode(bytes)
      .split("\n")
      .filter((line) => line.length > 0);
    const count = Number(lines[1]);
    if (lines[0] !== "0" || !Number.isSafeInteger(count) || count !== lines.length - 2) {
      throw corruptCheckpoint(path, "bad header");
    }
    const entries = lines.slice(2).map((line) => {
      const [epoch, startOffset] = line.split(" ").map(Number);
      if (!Number.isSafeInteger(epoch) || !Number.isSafeInteger(startOffset)) {
        throw corruptCheckpoint(path, line);
      }
      return { epoch: epoch as number, startOffset: startOffset as number };
    });
    for (let index = 1; index < entries.length; index += 1) {
      const previous = entries[index - 1] as EpochEntry;
      const entry = entries[index] as EpochEntry;
      if (entry.epoch <= previous.epoch || entry.startOffset <= previous.startOffset) {
        throw corruptCheckpoint(path, `entries not increasing at ${entry.epoch} ${entry.startOffset}`);
      }
    }
    try {
      return new LeaderEpochCache(entries);
    } catch (error) {
      throw corruptCheckpoint(path, (error as Error).message);
    }
  }
}

export function corruptCheckpoint(path: string, reason: string): RillError {
  return new RillError("STORAGE_ERROR", `checkpoint ${path} is corrupt: ${reason}`, { details: { path } });
}
