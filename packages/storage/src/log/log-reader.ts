import { RillError } from "@rill/protocol";
import { type LocalLog, nextOffsetAfter } from "./local-log.js";
import type { LogOffsets } from "./log-offsets.js";
import type { TailCache } from "./tail-cache.js";

/** Retries of a read whose segment was deleted under it (retention, truncation). */
const READ_RETRIES_MAX = 3;

export interface LogReadResult {
  /** Whole batches, as stored. Empty when nothing at or after the offset is readable. */
  readonly bytes: Buffer;
  /** lastOffset + 1 of the last batch returned; the requested offset when empty. */
  readonly nextOffset: number;
  readonly fromTailCache: boolean;
}

/** A read as the stored batches themselves (tail-cache reads are not concatenated). */
export interface LogChunksReadResult {
  /** Whole batches, in offset order; empty when nothing at or after the offset is readable. */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
  /** lastOffset + 1 of the last batch returned; the requested offset when empty. */
  readonly nextOffset: number;
  readonly fromTailCache: boolean;
}

export interface LogReaderOptions {
  readonly directory: string;
  readonly local: LocalLog;
  readonly offsets: LogOffsets;
  readonly tailCache: TailCache;
  readonly offlineError: () => RillError | undefined;
}

/**
 * The read path of a partition log, concurrent with the append queue: the range check against
 * the log start and end, then the tail cache (tailing readers: the batches as appended), then the
 * segment files. A read only sees batches whose write returned (below `offsets.logEnd`); one whose
 * segment was deleted under it (retention, truncation) is retried up to READ_RETRIES_MAX times,
 * and answers OFFSET_OUT_OF_RANGE once its offset left the log. The caller checks that the log
 * is usable first.
 */
export class LogReader {
  readonly #options: LogReaderOptions;
  constructor(options: LogReaderOptions) {
    this.#options = options;
  }

  /** See PartitionLog.read: the batches as one buffer. */
  async read(
    offset: number,
    maxBytes: number,
    options: { readonly maxOffset?: number } = {},
  ): Promise<LogReadResult> {
    const result = await this.readChunks(offset, maxBytes, options);
    const { chunks, byteLength, nextOffset, fromTailCache } = result;
    if (chunks.length === 0) return { bytes: Buffer.alloc(0), nextOffset, fromTailCache };
    const only = chunks[0] as Uint8Array;
    const bytes =
      chunks.length === 1
        ? Buffer.from(only.buffer, only.byteOffset, only.length)
        : Buffer.concat(chunks, byteLength);
    return { bytes, nextOffset, fromTailCache };
  }

  /** See PartitionLog.readChunks: the batches as they are held. */
  async readChunks(
    offset: number,
    maxBytes: number,
    options: { readonly maxOffset?: number } = {},
  ): Promise<LogChunksReadResult> {
    const { offsets, directory } = this.#options;
    const { logStart, logEnd } = offsets;
    if (!Number.isSafeInteger(offset) || offset < logStart || offset > logEnd) {
      throw new RillError(
        "OFFSET_OUT_OF_RANGE",
        `offset ${offset} is outside [${logStart}, ${logEnd}] of ${directory}`,
        { details: { offset, logStartOffset: logStart, logEndOffset: logEnd } },
      );
    }
    if (!(maxBytes >= 0)) throw new RillError("INVALID_FETCH_SIZE", `maxBytes ${maxBytes}`);
    const maxOffset = Math.min(options.maxOffset ?? logEnd, logEnd);
    const empty: LogChunksReadResult = {
      chunks: [],
      byteLength: 0,
      nextOffset: offset,
      fromTailCache: false,
    };
    if (offset >= maxOffset) return empty;
    const cached = this.#options.tailCache.readChunks(offset, maxBytes, maxOffset);
    if (cached !== undefined) {
      const { batches, byteLength, nextOffset } = cached;
      return { chunks: batches, byteLength, nextOffset, fromTailCache: true };
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        const bytes = await this.#options.local.read(offset, maxBytes, maxOffset);
        return bytes === undefined || bytes.length === 0
          ? empty
          : {
              chunks: [bytes],
              byteLength: bytes.length,
              nextOffset: nextOffsetAfter(bytes, offset),
              fromTailCache: false,
            };
      } catch (error) {
        // The segment may have been deleted under the read (retention, truncation): retry.
        if (attempt >= READ_RETRIES_MAX || this.#options.offlineError() !== undefined) throw error;
        if (offset < offsets.logStart || offset > offsets.logEnd) {
          throw new RillError("OFFSET_OUT_OF_RANGE", `offset ${offset} left the log during the read`);
        }
      }
    }
  }
}
