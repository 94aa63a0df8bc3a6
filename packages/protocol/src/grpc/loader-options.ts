import type { Options } from "@grpc/proto-loader";

/**
 * The one set of options every Rill proto is loaded with, at run time and (as flags, see
 * scripts/proto-gen.mjs) by the type generator, so the generated `__Output` types describe the
 * objects grpc-js really hands out:
 * - field names in lowerCamelCase (keepCase false);
 * - 64-bit integers as JS numbers (Rill keeps offsets and ids as safe integers; a value beyond
 *   2^53 loses precision, so producers of such values must range-check at the edge);
 * - enums as their string names ("ACKS_ALL"), readable in logs and stable when numbers are added;
 * - bytes as Buffer (protobufjs's default in Node; `Buffer` is listed to say so);
 * - defaults on: a missing scalar reads as its zero value, a missing message field as null;
 * - oneofs on: a virtual field names the member that is set.
 */
export const PROTO_LOADER_OPTIONS = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
}) satisfies Options;

/**
 * The proto-loader-gen-types flags that mirror a set of loader options; a test compares these
 * with the flags scripts/proto-gen.mjs passes.
 */
export function generatorFlagsFor(options: typeof PROTO_LOADER_OPTIONS): string[] {
  const flags: string[] = [];
  if (options.keepCase) flags.push("--keepCase");
  flags.push(`--longs=${options.longs.name}`);
  flags.push(`--enums=${options.enums.name}`);
  flags.push(`--bytes=${options.bytes.name}`);
  if (options.defaults) flags.push("--defaults");
  if (options.oneofs) flags.push("--oneofs");
  return flags;
}
