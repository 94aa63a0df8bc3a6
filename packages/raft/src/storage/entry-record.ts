/**
 * One Raft log entry as a record in a segment file:
 *
 *   u32 crc32c   over every byte after it (bodyBytes .. data)
 *   u32 bodyBytes
 *   u64 index
 *   u64 term
 *   u8  type     1 normal, 2 config, 3 noop
 *   ... data     (bodyBytes - 17 bytes)
 *
 * A record that runs past the end of the file or fails its checksum is "bad": at the tail of the
 * last segment that is a torn write (truncated on recovery), anywhere else corruption.
 */

import { crc32c } from "@rill/protocol";
import type { Entry, EntryType } from "../core/types.js";
import { ByteReader, type ByteWriter } from "./bytes.js";

export const RECORD_HEADER_BYTES = 8;
const BODY_FIXED_BYTES = 17;

const TYPE_CODES: Record<EntryType, number> = { normal: 1, config: 2, noop: 3 };
const TYPES_BY_CODE: ReadonlyMap<number, EntryType> = new Map(
  (Object.entries(TYPE_CODES) as [EntryType, number][]).map(([type, code]) => [code, type]),
);

export function recordBytes(entry: Entry): number {
  return RECORD_HEADER_BYTES + BODY_FIXED_BYTES + entry.data.length;
}

/** Appends the record for `entry` to `writer`. */
export function writeEntryRecord(writer: ByteWriter, entry: Entry): void {
  const start = writer.size;
  writer
    .u32(0)
    .u32(BODY_FIXED_BYTES + entry.data.length)
    .u64(entry.index)
    .u64(entry.term)
    .u8(TYPE_CODES[entry.type])
    .bytes(entry.data);
  const bytes = writer.finish();
  writer.patchU32(start, crc32c(bytes, start + 4, bytes.length));
}

export type RecordReadResult =
  | { readonly kind: "entry"; readonly entry: Entry; readonly nextPosition: number }
  | { readonly kind: "end" }
  | { readonly kind: "bad"; readonly reason: string };

/** Reads the record at `position` of a segment file's bytes. */
export function readEntryRecord(
  bytes: Uint8Array,
  position: number,
  entryBytesMax: number,
): RecordReadResult {
  if (position === bytes.length) return { kind: "end" };
  if (position + RECORD_HEADER_BYTES > bytes.length)
    return { kind: "bad", reason: "header runs past the end" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storedCrc = view.getUint32(position);
  const bodyBytes = view.getUint32(position + 4);
  if (bodyBytes < BODY_FIXED_BYTES || bodyBytes - BODY_FIXED_BYTES > entryBytesMax) {
    return { kind: "bad", reason: `implausible record length ${bodyBytes}` };
  }
  const end = position + RECORD_HEADER_BYTES + bodyBytes;
  if (end > bytes.length) return { kind: "bad", reason: "record runs past the end" };
  if (crc32c(bytes, position + 4, end) !== storedCrc) return { kind: "bad", reason: "checksum mismatch" };
  const reader = new ByteReader(bytes, "log record", position + RECORD_HEADER_BYTES, end);
  const index = reader.u64();
  const term = reader.u64();
  const type = TYPES_BY_CODE.get(reader.u8());
  if (type === undefined) return { kind: "bad", reason: "unknown entry type" };
  const data = reader.bytes(bodyBytes - BODY_FIXED_BYTES).slice();
  return { kind: "entry", entry: { index, term, type, data }, nextPosition: end };
}
