import { formatHostPort, type HostPort, parseHostPort, portMax } from "@rill/protocol";
import { NODE_ID_MAX, type NodeId, nodeId } from "@rill/protocol/ids";
import { z } from "zod";

/** A parsed value or why the raw text is not acceptable ("is not an integer"). */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

/**
 * One configuration key: how to parse its text form (every source — file, env var, flag — gives
 * text), what a valid value looks like (for messages and help), and its default. A key with no
 * default and not `optional` is required.
 */
export interface ConfigKey<T> {
  readonly doc: string;
  /** What a valid value is, for messages: "an integer from 0 to 65535". */
  readonly expected: string;
  readonly hasDefault: boolean;
  readonly defaultValue: T | undefined;
  readonly optional: boolean;
  /** Secrets are never echoed in messages or in the effective-config log line. */
  readonly sensitive: boolean;
  parse(raw: string): ParseResult<T>;
}

export interface KeyOptions<T> {
  readonly doc: string;
  readonly default?: T;
  /** No default and not required: the value is `undefined` when no source sets it. */
  readonly optional?: true;
  readonly sensitive?: true;
}

/** The value type of a key given its options: `T | undefined` for an optional key without default. */
export type KeyValue<T, O> = O extends { optional: true }
  ? O extends { default: T }
    ? T
    : T | undefined
  : T;

/** Builds a key from a zod schema over the raw text; the first issue's message becomes the reason. */
export function zodKey<T, O extends KeyOptions<T>>(
  schema: z.ZodType<T, string>,
  expected: string,
  options: O,
): ConfigKey<KeyValue<T, O>> {
  return {
    doc: options.doc,
    expected,
    hasDefault: options.default !== undefined,
    defaultValue: options.default as KeyValue<T, O> | undefined,
    optional: options.optional === true,
    sensitive: options.sensitive === true,
    parse(raw) {
      const result = schema.safeParse(raw);
      if (result.success) return { ok: true, value: result.data as KeyValue<T, O> };
      return { ok: false, reason: result.error.issues[0]?.message ?? "is not valid" };
    },
  };
}

const integerText = z
  .string()
  .trim()
  .regex(/^-?\d+$/, "is not an integer");

function intSchema(min: number, max: number): z.ZodType<number, string> {
  return integerText
    .transform(Number)
    .pipe(z.number().int().min(min, "is out of range").max(max, "is out of range"));
}

// The address rules live in @rill/protocol (one parser for config, CLI and client); re-exported
// here because config keys are where most callers meet them.
export { formatHostPort, type HostPort, parseHostPort, portMax } from "@rill/protocol";

function hostPortSchema(allowPortZero: boolean): z.ZodType<HostPort, string> {
  return z.string().transform((text, context) => {
    const result = parseHostPort(text, allowPortZero);
    if (result.ok) return result.value;
    context.addIssue({ code: "custom", message: result.reason });
    return z.NEVER;
  });
}

/** One entry of Kafka's `listeners` / `advertised.listeners`: `NAME://host:port`, or a bare `host:port`. */
export interface NamedListener extends HostPort {
  /** Upper-case listener name (`INTERNAL`); undefined for a bare `host:port`. */
  readonly name: string | undefined;
}

const LISTENER_NAME_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** `INTERNAL://0.0.0.0:9092` or `0.0.0.0:9092` (see NamedListener). */
export function parseNamedListener(text: string, allowPortZero: boolean): ParseResult<NamedListener> {
  const trimmed = text.trim();
  const separator = trimmed.indexOf("://");
  const name = separator < 0 ? undefined : trimmed.slice(0, separator);
  if (name !== undefined && !LISTENER_NAME_PATTERN.test(name)) {
    return {
      ok: false,
      reason: `has a listener name '${name}' that is not upper-case letters, digits and _`,
    };
  }
  const address = parseHostPort(separator < 0 ? trimmed : trimmed.slice(separator + 3), allowPortZero);
  if (!address.ok) return address;
  return { ok: true, value: { name, ...address.value } };
}

export function formatNamedListener(listener: NamedListener): string {
  const address = formatHostPort(listener);
  return listener.name === undefined ? address : `${listener.name}://${address}`;
}

function namedListenerSchema(allowPortZero: boolean): z.ZodType<NamedListener, string> {
  return z.string().transform((text, context) => {
    const result = parseNamedListener(text, allowPortZero);
    if (result.ok) return result.value;
    context.addIssue({ code: "custom", message: result.reason });
    return z.NEVER;
  });
}

function listSchema<T>(item: z.ZodType<T, string>, minItems: number): z.ZodType<T[], string> {
  return z.string().transform((text, context) => {
    const parts = text
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    if (parts.length < minItems) {
      context.addIssue({ code: "custom", message: `has fewer than ${minItems} item(s)` });
      return z.NEVER;
    }
    const values: T[] = [];
    for (const part of parts) {
      const result = item.safeParse(part);
      if (!result.success) {
        context.addIssue({
          code: "custom",
          message: `has an item '${part}' that ${result.error.issues[0]?.message}`,
        });
        return z.NEVER;
      }
      values.push(result.data);
    }
    return values;
  });
}

/**
 * Key builders. Names follow Kafka (`node.id`, `listeners`, `log.dirs`); units go last in the
 * name (`broker.session.timeout.ms`).
 */
export const configKeys = {
  int<O extends KeyOptions<number> & { readonly min?: number; readonly max?: number }>(options: O) {
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    return zodKey(intSchema(min, max), `an integer from ${min} to ${max}`, options);
  },

  /**
   * A node id (`node.id`), branded where config is decoded: an integer from `min` (default 0) to
   * NODE_ID_MAX (Kafka's int32), handed to the cores as @rill/protocol/ids' NodeId.
   */
  nodeId<O extends KeyOptions<NodeId> & { readonly min?: number }>(options: O) {
    const min = options.min ?? 0;
    return zodKey(
      intSchema(min, NODE_ID_MAX).transform(nodeId),
      `an integer from ${min} to ${NODE_ID_MAX}`,
      options,
    );
  },

  /** A decimal number (`0.5`, `1e-3`) within [min, max]. */
  number<O extends KeyOptions<number> & { readonly min?: number; readonly max?: number }>(options: O) {
    const min = options.min ?? -Number.MAX_VALUE;
    const max = options.max ?? Number.MAX_VALUE;
    const schema = z
      .string()
      .trim()
      .refine((text) => text !== "" && Number.isFinite(Number(text)), "is not a number")
      .transform(Number)
      .pipe(z.number().min(min, "is out of range").max(max, "is out of range"));
    return zodKey(schema, `a number from ${min} to ${max}`, options);
  },

  string<O extends KeyOptions<string> & { readonly pattern?: RegExp; readonly patternText?: string }>(
    options: O,
  ) {
    const pattern = options.pattern;
    const schema = z
      .string()
      .trim()
      .min(1, "is empty")
      .refine((text) => pattern === undefined || pattern.test(text), "does not match the expected form");
    return zodKey(schema, options.patternText ?? "a non-empty string", options);
  },

  boolean<O extends KeyOptions<boolean>>(options: O) {
    const schema = z
      .string()
      .trim()
      .toLowerCase()
      .refine((text) => text === "true" || text === "false", "is not true or false")
      .transform((text) => text === "true");
    return zodKey(schema, "true or false", options);
  },

  enum<const V extends readonly [string, ...string[]], O extends KeyOptions<V[number]>>(
    values: V,
    options: O,
  ) {
    const schema = z
      .string()
      .trim()
      .refine((text): text is V[number] => values.includes(text), `is not one of ${values.join(", ")}`)
      .transform((text) => text as V[number]) as z.ZodType<V[number], string>;
    return zodKey<V[number], O>(schema, `one of ${values.join(", ")}`, options);
  },

  hostPort<O extends KeyOptions<HostPort> & { readonly allowPortZero?: boolean }>(options: O) {
    const zero = options.allowPortZero === true;
    const expected = `host:port with a port from ${zero ? 0 : 1} to ${portMax}${zero ? " (0: any free port)" : ""}`;
    return zodKey(hostPortSchema(zero), expected, options);
  },

  hostPortList<O extends KeyOptions<HostPort[]> & { readonly allowPortZero?: boolean }>(options: O) {
    const zero = options.allowPortZero === true;
    return zodKey(
      listSchema(hostPortSchema(zero), 1),
      `a comma-separated list of host:port, ports from ${zero ? 0 : 1} to ${portMax}`,
      options,
    );
  },

  /** Kafka's listener lists: comma-separated `NAME://host:port` (or bare `host:port`) entries. */
  listenerList<O extends KeyOptions<NamedListener[]> & { readonly allowPortZero?: boolean }>(options: O) {
    const zero = options.allowPortZero === true;
    return zodKey(
      listSchema(namedListenerSchema(zero), 1),
      `a comma-separated list of NAME://host:port (or one host:port), ports from ${zero ? 0 : 1} to ${portMax}`,
      options,
    );
  },

  stringList<O extends KeyOptions<string[]>>(options: O) {
    return zodKey(listSchema(z.string().min(1), 1), "a comma-separated list", options);
  },
} as const;

/** What an app's schema is: config key name → key. */
export type ConfigSchema = Readonly<Record<string, ConfigKey<unknown>>>;

/** The typed values of a schema: `{ "node.id": number, ... }`. */
export type ConfigValues<S extends ConfigSchema> = {
  readonly [K in keyof S]: S[K] extends ConfigKey<infer T> ? T : never;
};
