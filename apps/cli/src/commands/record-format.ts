import type { ConsumerRecord } from "@rill/client";
import { type BytesFormat, bytesToText } from "../bytes-format.js";
import { UsageError } from "../errors.js";

/**
 * kcat's -f format tokens, which `rill consume --format` reads:
 *   %t topic   %p partition   %o offset   %T timestamp (Unix ms)
 *   %k key     %s value       %K key size  %S value size (-1 for null)
 *   %h headers as k=v,k=v     %% a percent sign;  \n \t \\ escapes
 * A null key or value prints as nothing (as kcat does); use --json to tell null from empty.
 */
export const DEFAULT_RECORD_FORMAT = "%p\\t%o\\t%T\\t%k\\t%s\\n";

type Piece = string | ((record: ConsumerRecord, codecs: RecordCodecs) => string);

/** How keys and values (and header values, as values) are shown. */
export interface RecordCodecs {
  readonly key: Exclude<BytesFormat, "raw">;
  readonly value: Exclude<BytesFormat, "raw">;
}

const TOKENS: Record<string, Piece> = {
  t: (record) => record.topic,
  p: (record) => String(record.partition),
  o: (record) => String(record.offset),
  T: (record) => String(record.timestamp),
  k: (record, codecs) =>
    record.key === null ? "" : bytesToText(record.key, codecs.key, `the key at offset ${record.offset}`),
  s: (record, codecs) =>
    record.value === null
      ? ""
      : bytesToText(record.value, codecs.value, `the value at offset ${record.offset}`),
  K: (record) => String(record.key === null ? -1 : record.key.length),
  S: (record) => String(record.value === null ? -1 : record.value.length),
  h: (record, codecs) =>
    record.headers
      .map(
        (header) =>
          `${header.key}=${
            header.value === null
              ? ""
              : bytesToText(header.value, codecs.value, `header '${header.key}' at offset ${record.offset}`)
          }`,
      )
      .join(","),
  "%": "%",
};

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", "\\": "\\" };

/** A compiled --format string. */
export class RecordFormat {
  readonly #pieces: Piece[];

  private constructor(pieces: Piece[]) {
    this.#pieces = pieces;
  }

  /** Compiles a format; an unknown %x or \x is a usage error (nothing is printed half-formatted). */
  static parse(format: string): RecordFormat {
    const pieces: Piece[] = [];
    let literal = "";
    for (let index = 0; index < format.length; index += 1) {
      const char = format[index] as string;
      if (char !== "%" && char !== "\\") {
        literal += char;
        continue;
      }
      const next = format[index + 1];
      index += 1;
      if (char === "\\") {
        const escaped = next === undefined ? undefined : ESCAPES[next];
        if (escaped === undefined)
          throw new UsageError(`--format: unknown escape '\\${next ?? ""}' (know \\n \\t \\\\)`);
        literal += escaped;
        continue;
      }
      const token = next === undefined ? undefined : TOKENS[next];
      if (token === undefined) {
        throw new UsageError(`--format: unknown token '%${next ?? ""}' (know %t %p %o %T %k %s %K %S %h %%)`);
      }
      if (typeof token === "string") {
        literal += token;
        continue;
      }
      if (literal !== "") pieces.push(literal);
      literal = "";
      pieces.push(token);
    }
    if (literal !== "") pieces.push(literal);
    return new RecordFormat(pieces);
  }

  render(record: ConsumerRecord, codecs: RecordCodecs): string {
    let out = "";
    for (const piece of this.#pieces) out += typeof piece === "string" ? piece : piece(record, codecs);
    return out;
  }
}

/** One record as a JSON line: stable field names; key, value and header values in the chosen formats. */
export function recordJson(record: ConsumerRecord, codecs: RecordCodecs): string {
  const show = (bytes: Uint8Array | null, format: RecordCodecs["key"], what: string): string | null =>
    bytes === null ? null : bytesToText(bytes, format, what);
  return JSON.stringify({
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: show(record.key, codecs.key, `the key at offset ${record.offset}`),
    value: show(record.value, codecs.value, `the value at offset ${record.offset}`),
    headers: record.headers.map((header) => ({
      key: header.key,
      value: show(header.value, codecs.value, `header '${header.key}' at offset ${record.offset}`),
    })),
    timestamp: record.timestamp,
  });
}
