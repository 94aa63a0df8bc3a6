import { RillError } from "@rill/protocol";

/** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: number;
}

/**
 * Kafka's LeaderEpochFileCache: (epoch, start offset) pairs, both strictly increasing, the start
 * offset being the first offset written in that epoch. Pure: the PartitionLog persists it
 * (leader-epoch-checkpoint) whenever `version` changes.
 */
export class LeaderEpochCache {
  private entries: EpochEntry[] = [];
  /** Bumped on every change, so the owner knows when to write the checkpoint. */
  version = 0;

  constructor(entries: readonly EpochEntry[] = []) {
    for (const entry of entries) this.assign(entry.epoch, entry.startOffset);
    this.version = 0;
  }

  all(): readonly EpochEntry[] {
    return this.entries;
  }

  latest(): EpochEntry | undefined {
    return this.entries.at(-1);
  }

  /**
   * Records that `epoch` starts at `startOffset`. A repeat of the latest epoch is ignored; an
   * older epoch or a start offset before the latest entry's is an assertion (the log appends in
   * epoch order; a follower truncates first).
   */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0) return;
    const latest = this.latest();
    if (latest !== undefined) {
      if (epoch === latest.epoch) return;
      if (epoch < latest.epoch) {
        throw new Error(`assertion: epoch ${epoch} is older than the latest epoch ${latest.epoch}`);
      }
      if (startOffset < latest.startOffset) {
        throw new Error(`assertion: epoch ${epoch} starts at ${startOffset}, before epoch ${latest.epoch}`);
      }
      if (startOffset === latest.startOffset) this.entries.pop();
    }
    this.entries.push({ epoch, startOffset });
    this.version += 1;
  }

  /**
   * KIP-101/KIP-279: for a follower's `requestedEpoch`, the largest epoch <= it and the offset
   * where the next epoch starts (the end of that epoch); for the latest epoch, `logEndOffset`.
   * Below the earliest known epoch: (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET).
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): EpochEndOffset {
    const latest = this.latest();
    if (latest === undefined) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === latest.epoch) return { epoch: latest.epoch, endOffset: logEndOffset };
    const nextIndex = this.entries.findIndex((entry) => entry.epoch > requestedEpoch);
    if (nextIndex < 0) return { epoch: latest.epoch, endOffset: logEndOffset };
    if (nextIndex === 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const floor = this.entries[nextIndex - 1] as EpochEntry;
    return { epoch: floor.epoch, endOffset: (this.entries[nextIndex] as EpochEntry).startOffset };
  }

  /** After the log was truncated to `endOffset`: drop epochs that start at or after it. */
  truncateFromEnd(endOffset: number): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.startOffset < endOffset);
    if (this.entries.length !== before) this.version += 1;
  }

  /** After the log start moved to `startOffset`: epochs wholly before it go, the floor moves up. */
  truncateFromStart(startOffset: number): void {
    let floorIndex = -1;
    for (let index = 0; index < this.entries.length; index += 1) {
      if ((this.entries[index] as EpochEntry).startOffset <= startOffset) floorIndex = index;
    }
    if (floorIndex < 0) return;
    const floor = this.entries[floorIndex] as EpochEntry;
    if (floorIndex === 0 && floor.startOffset === startOffset) return;
    this.entries = [{ epoch: floor.epoch, startOffset }, ...this.entries.slice(floorIndex + 1)];
    this.version += 1;
  }

  clear(): void {
    if (this.entries.length > 0) this.version += 1;
    this.entries = [];
  }

  /** Kafka's checkpoint text format: version line, count line, then `epoch offset` lines. */
  serialize(): Buffer {
    const lines = [
      "0",
      String(this.entries.length),
      ...this.entries.map((e) => `${e.epoch} ${e.startOffset}`),
    ];
    return Buffer.from(`${lines.join("\n")}\n`, "utf8");
  }

  static parse(bytes: Uint8Array, path: string): LeaderEpochCache {
    const lines = Buffer.from(bytes)
      .toString("utf8")
      .split("\n")
      .filter((line) => line.length > 0);
    const count = Number(lines[1]);
    if (lines[0] !== "0" || !Number.isSafeInteger(count) || count !== lines.length - 2) {
      throw corruptCheckpoint(path, "bad header");
    }
    const entries = lines.slice(2).map((line) => {
      const [epoch, startOffset] = line.split(" ").map(Number);
      if (!Number.isSafeInteger(epoch) || !Number.isSafeInteger(startOffset))
        throw corruptCheckpoint(path, line);
      return { epoch: epoch as number, startOffset: startOffset as number };
    });
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
