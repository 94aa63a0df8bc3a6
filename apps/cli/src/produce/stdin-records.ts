import type { BytesFormat } from "../bytes-format.js";
import { UsageError } from "../errors.js";

/** The longest line (or raw frame) accepted: the broker's default max message, 1 MiB, plus framing. */
export const inputRecordBytesMax = 1024 * 1024 + 1024;

/** One record read from stdin, or the reason its line was rejected. */
export type InputItem =
  | { readonly kind: "record"; readonly key: Uint8Array | null; readonly value: Uint8Array }
  | { readonly kind: "rejected"; readonly line: number; readonly reason: string };

export interface InputFormat {
  readonly valueFormat: BytesFormat;
  readonly keyFormat: BytesFormat;
  /** Lines only: split each line into key and value at the first SEP. */
  readonly keySeparator: string | undefined;
}

/** The help text of the formats, kept next to the code that implements them. */
export const formatHelp = [
  "Input formats (--value-format / --key-format):",
  "  utf8    one record per line (LF; a CR before it is dropped); a line that is not valid",
  "          UTF-8 is rejected, never changed",
  "  base64  one record per line, the value (and key) base64-encoded",
  "  hex     one record per line, the value (and key) hex-encoded",
  "  raw     binary, length-delimited: each value is a 4-byte big-endian length N then N bytes;",
  "          with --key-format raw each record is a key frame then a value frame, and a key",
  "          length of 0xFFFFFFFF means no key. No lines, no separator: bytes go in unchanged.",
].join("\n");

export function checkInputFormat(format: InputFormat): void {
  const raw = format.valueFormat === "raw";
  if (format.keyFormat === "raw" && !raw) {
    throw new UsageError("--key-format raw needs --value-format raw (length-delimited frames)");
  }
  if (raw && format.keySeparator !== undefined) {
    throw new UsageError("--key-separator does not apply to --value-format raw (use --key-format raw)");
  }
  if (format.keySeparator === "") throw new UsageError("--key-separator: must not be empty");
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

function decodeText(bytes: Uint8Array, format: BytesFormat): Uint8Array | string {
  if (format === "utf8") {
    try {
      strictUtf8.decode(bytes);
    } catch {
      return "not valid UTF-8 (use --value-format base64, hex or raw for binary data)";
    }
    return bytes;
  }
  const text = Buffer.from(bytes).toString("latin1").trim();
  if (format === "hex") {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return "not hex (pairs of 0-9a-f)";
    return new Uint8Array(Buffer.from(text, "hex"));
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return "not base64";
  return new Uint8Array(Buffer.from(text, "base64"));
}

/**
 * Reads records from a byte stream in the given format, yielding each record or rejected line
 * in input order. Lines and frames are bounded by `inputRecordBytesMax`; nothing is altered.
 */
export async function* readInputRecords(
  input: AsyncIterable<Uint8Array | string>,
  format: InputFormat,
): AsyncGenerator<InputItem> {
  if (format.valueFormat === "raw") {
    yield* readFrames(input, format.keyFormat === "raw");
    return;
  }
  const separator = format.keySeparator === undefined ? undefined : utf8.encode(format.keySeparator);
  let lineNumber = 0;
  for await (const line of readLines(input)) {
    lineNumber += 1;
    if (line === "too-long") {
      yield { kind: "rejected", line: lineNumber, reason: `longer than ${inputRecordBytesMax} bytes` };
      continue;
    }
    let keyBytes: Uint8Array | null = null;
    let valueBytes = line;
    if (separator !== undefined) {
      const at = Buffer.from(line.buffer, line.byteOffset, line.byteLength).indexOf(separator);
      if (at < 0) {
        yield { kind: "rejected", line: lineNumber, reason: `no key separator '${format.keySeparator}'` };
        continue;
      }
      keyBytes = line.subarray(0, at);
      valueBytes = line.subarray(at + separator.length);
    }
    const value = decodeText(valueBytes, format.valueFormat);
    if (typeof value === "string") {
      yield { kind: "rejected", line: lineNumber, reason: `value ${value}` };
      continue;
    }
    const key = keyBytes === null ? null : decodeText(keyBytes, format.keyFormat);
    if (typeof key === "string") {
      yield { kind: "rejected", line: lineNumber, reason: `key ${key}` };
      continue;
    }
    yield { kind: "record", key, value };
  }
}

/** Splits a byte stream at LF (dropping one CR before it); a line over the bound is "too-long". */
async function* readLines(
  input: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<Uint8Array | "too-long"> {
  let carry: Buffer = Buffer.alloc(0);
  let skipping = false;
  for await (const chunk of input) {
    let buffer = Buffer.concat([
      carry,
      typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk),
    ]);
    for (;;) {
      const end = buffer.indexOf(0x0a);
      if (end < 0) break;
      const line = buffer.subarray(0, end > 0 && buffer[end - 1] === 0x0d ? end - 1 : end);
      buffer = buffer.subarray(end + 1);
      if (skipping) {
        skipping = false;
        continue;
      }
      yield line.length > inputRecordBytesMax ? "too-long" : new Uint8Array(line);
    }
    if (buffer.length > inputRecordBytesMax) {
      if (!skipping) yield "too-long";
      skipping = true;
      buffer = Buffer.alloc(0);
    }
    carry = buffer;
  }
  if (carry.length > 0 && !skipping) yield new Uint8Array(carry);
}

const noKeyLength = 0xffffffff;

/** Reads [u32 BE length][bytes] frames: a value each, or a key frame and a value frame. */
async function* readFrames(
  input: AsyncIterable<Uint8Array | string>,
  withKeys: boolean,
): AsyncGenerator<InputItem> {
  let buffer: Buffer = Buffer.alloc(0);
  let record = 0;
  let key: Uint8Array | null | undefined;
  for await (const chunk of input) {
    buffer = Buffer.concat([
      buffer,
      typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk),
    ]);
    for (;;) {
      if (buffer.length < 4) break;
      const length = buffer.readUInt32BE(0);
      const isNullKey = withKeys && key === undefined && length === noKeyLength;
      if (!isNullKey && length > inputRecordBytesMax) {
        // The framing is lost from here on: report it and read no further.
        yield {
          kind: "rejected",
          line: record + 1,
          reason: `a frame of ${length} bytes is over ${inputRecordBytesMax}; is the input length-delimited (4-byte big-endian lengths)? Nothing after it was read`,
        };
        return;
      }
      const frameBytes = isNullKey ? 0 : length;
      if (buffer.length < 4 + frameBytes) break;
      const frame = new Uint8Array(buffer.subarray(4, 4 + frameBytes));
      buffer = buffer.subarray(4 + frameBytes);
      if (withKeys && key === undefined) {
        key = isNullKey ? null : frame;
        continue;
      }
      record += 1;
      yield { kind: "record", key: key ?? null, value: frame };
      key = undefined;
    }
  }
  if (buffer.length > 0 || key !== undefined) {
    yield {
      kind: "rejected",
      line: record + 1,
      reason: `the input ends inside this record (${buffer.length} byte(s) left over): its last frame is incomplete`,
    };
  }
}
