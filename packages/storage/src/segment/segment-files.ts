import { join } from "node:path";

/** Kafka's file naming: the segment's base offset, zero-padded to 20 digits. */
export const LOG_FILE_SUFFIX = ".log";
export const OFFSET_INDEX_FILE_SUFFIX = ".index";
export const TIME_INDEX_FILE_SUFFIX = ".timeindex";
/** A cleaned segment written by the compactor, not yet swapped in (deleted on recovery). */
export const CLEANED_FILE_SUFFIX = ".cleaned";
/** A cleaned segment committed for swap-in (recovery completes the swap). */
export const SWAP_FILE_SUFFIX = ".swap";
/** Beside a `.swap`: the base offsets of the segments it replaces, one per line. */
export const SWAP_MANIFEST_SUFFIX = ".replaces";

export function segmentFileStem(baseOffset: number): string {
  if (!Number.isSafeInteger(baseOffset) || baseOffset < 0) {
    throw new RangeError(`segment base offset ${baseOffset} is not a non-negative safe integer`);
  }
  return baseOffset.toString().padStart(20, "0");
}

export function segmentFilePath(directory: string, baseOffset: number, suffix: string): string {
  return join(directory, `${segmentFileStem(baseOffset)}${suffix}`);
}

/** The base offset named by `fileName` when it is `<20 digits><suffix>`, else undefined. */
export function parseSegmentFileName(fileName: string, suffix: string): number | undefined {
  if (!fileName.endsWith(suffix)) return undefined;
  const stem = fileName.slice(0, -suffix.length);
  if (!/^\d{20}$/.test(stem)) return undefined;
  const value = Number(stem);
  return Number.isSafeInteger(value) ? value : undefined;
}
