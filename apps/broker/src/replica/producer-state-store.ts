import { join } from "node:path";
import { isRillError, readRecordBatchHeader } from "@rill/protocol";
import { offset as toOffset } from "@rill/protocol/ids";
import {
  decodeProducerSnapshot,
  encodeProducerSnapshot,
  type Offset,
  ProducerStateManager,
} from "@rill/replication";
import {
  NodeFileSystem,
  type PartitionLog,
  type StorageFileSystem,
  writeFileAtomically,
} from "@rill/storage";

/** Producer-state snapshots live beside the segments: `<20-digit end offset>.producer-snapshot`. */
export const PRODUCER_SNAPSHOT_SUFFIX = ".producer-snapshot";
/** Snapshots kept per partition; older ones are deleted after a newer one is written. */
export const PRODUCER_SNAPSHOTS_KEPT = 2;
/** Bytes read per step while replaying batch headers from the log. */
const REPLAY_READ_BYTES = 4 * 1024 * 1024;

function snapshotFileName(endOffset: Offset): string {
  return `${String(endOffset).padStart(20, "0")}${PRODUCER_SNAPSHOT_SUFFIX}`;
}

function parseSnapshotFileName(name: string): Offset | undefined {
  if (!name.endsWith(PRODUCER_SNAPSHOT_SUFFIX)) return undefined;
  const digits = name.slice(0, -PRODUCER_SNAPSHOT_SUFFIX.length);
  if (!/^\d{20}$/.test(digits)) return undefined;
  const offset = Number(digits);
  return Number.isSafeInteger(offset) ? toOffset(offset) : undefined;
}

/**
 * Persists and recovers one partition's idempotent-producer state (Kafka's producer-state
 * snapshots): a snapshot at a quiescent log end, and on load the newest usable snapshot plus a
 * replay of the batch headers after it. A snapshot past the log end (its tail was lost in a
 * crash) or one that fails to decode is skipped for an older one, down to a replay of the whole
 * log.
 */
export class ProducerStateStore {
  readonly #directory: string;
  readonly #fileSystem: StorageFileSystem;

  constructor(directory: string, fileSystem: StorageFileSystem = new NodeFileSystem()) {
    this.#directory = directory;
    this.#fileSystem = fileSystem;
  }

  /** The state of the log as it is now (`upToOffset` = log end), or as of `upToOffset`. */
  async load(
    log: PartitionLog,
    upToOffset: Offset = toOffset(log.logEndOffset),
  ): Promise<ProducerStateManager> {
    const offsets = await this.#snapshotOffsets();
    let state: ProducerStateManager | undefined;
    for (const offset of offsets.reverse()) {
      if (offset > upToOffset) continue;
      const bytes = await this.#fileSystem.readFile(join(this.#directory, snapshotFileName(offset)));
      if (bytes === undefined) continue;
      try {
        state = decodeProducerSnapshot(bytes);
        break;
      } catch (error) {
        if (!isRillError(error, "CORRUPT_MESSAGE")) throw error;
      }
    }
    state ??= new ProducerStateManager({ endOffset: toOffset(0) });
    await replayHeaders(log, state, upToOffset);
    state.advanceEndOffset(upToOffset);
    return state;
  }

  /**
   * Writes a snapshot of `state` (which must cover exactly the log up to its end offset) and
   * removes all but the newest PRODUCER_SNAPSHOTS_KEPT.
   */
  async write(state: ProducerStateManager): Promise<void> {
    const endOffset = state.endOffset;
    await writeFileAtomically(
      this.#fileSystem,
      join(this.#directory, snapshotFileName(endOffset)),
      encodeProducerSnapshot(state),
    );
    const offsets = await this.#snapshotOffsets();
    for (const offset of offsets.slice(0, Math.max(0, offsets.length - PRODUCER_SNAPSHOTS_KEPT))) {
      await this.#fileSystem.unlink(join(this.#directory, snapshotFileName(offset)));
    }
  }

  /** The log was truncated to `offset`: snapshots past it describe records that are gone. */
  async truncateTo(offset: Offset): Promise<void> {
    for (const snapshotOffset of await this.#snapshotOffsets()) {
      if (snapshotOffset > offset) {
        await this.#fileSystem.unlink(join(this.#directory, snapshotFileName(snapshotOffset)));
      }
    }
  }

  async #snapshotOffsets(): Promise<Offset[]> {
    const names = await this.#fileSystem.readdir(this.#directory).catch(() => [] as string[]);
    return names
      .map(parseSnapshotFileName)
      .filter((offset): offset is Offset => offset !== undefined)
      .sort((a, b) => a - b);
  }
}

/** Applies the headers of the batches in [max(state end, log start), upToOffset) to `state`. */
export async function replayHeaders(
  log: PartitionLog,
  state: ProducerStateManager,
  upToOffset: Offset,
): Promise<void> {
  let offset = Math.max(state.endOffset, log.logStartOffset);
  if (state.endOffset < log.logStartOffset) state.advanceEndOffset(toOffset(log.logStartOffset));
  const end = Math.min(upToOffset, log.logEndOffset);
  while (offset < end) {
    const { bytes } = await log.read(offset, REPLAY_READ_BYTES, { maxOffset: end });
    if (bytes.length === 0) break;
    let position = 0;
    while (position < bytes.length) {
      const header = readRecordBatchHeader(bytes, position);
      position += header.sizeInBytes;
      if (header.baseOffset < state.endOffset) continue;
      if (header.lastOffset >= end) return;
      state.applyBatch({
        producerId: header.producerId,
        producerEpoch: header.producerEpoch,
        baseSequence: header.baseSequence,
        lastOffsetDelta: header.lastOffsetDelta,
        baseOffset: toOffset(header.baseOffset),
        maxTimestampMs: header.maxTimestamp,
      });
      offset = header.lastOffset + 1;
    }
  }
}
