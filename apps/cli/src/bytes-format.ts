import { UsageError } from "./errors.js";

/**
 * How record bytes appear as text on the command line. utf8 is strict: bytes that are not valid
 * UTF-8 are an error naming the way out (base64, hex, raw), never replaced characters.
 * raw is binary framing (see the consume and produce help), not text.
 */
export type BytesFormat = "utf8" | "base64" | "hex" | "raw";

export const BYTES_FORMATS: readonly BytesFormat[] = ["utf8", "base64", "hex", "raw"];

/** Checks a --key-format / --value-format value (a usage error otherwise). */
export function parseBytesFormat(text: string, flag: string): BytesFormat {
  if ((BYTES_FORMATS as readonly string[]).includes(text)) return text as BytesFormat;
  throw new UsageError(`${flag} must be one of ${BYTES_FORMATS.join(", ")}, got '${text}'`);
}

/** Thrown when bytes cannot be shown in the chosen text format without changing them. */
export class BytesNotTextError extends Error {}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The bytes as text in `format` (utf8, base64 or hex); throws BytesNotTextError for invalid UTF-8. */
export function bytesToText(bytes: Uint8Array, format: Exclude<BytesFormat, "raw">, what: string): string {
  switch (format) {
    case "base64":
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    case "hex":
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
    case "utf8":
      try {
        return strictUtf8.decode(bytes);
      } catch {
        throw new BytesNotTextError(
          `${what} is not valid UTF-8; print it unchanged with --value-format/--key-format base64, hex or raw`,
        );
      }
  }
}

/**
 * One length-delimited raw frame: a 4-byte big-endian signed length (-1 for null), then the
 * bytes as they are. The framing of `--value-format raw`.
 */
export function rawFrame(bytes: Uint8Array | null): Buffer {
  const header = Buffer.alloc(4);
  header.writeInt32BE(bytes === null ? -1 : bytes.length, 0);
  return bytes === null ? header : Buffer.concat([header, bytes]);
}
