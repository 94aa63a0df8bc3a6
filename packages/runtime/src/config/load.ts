import { readFileSync } from "node:fs";
import { RillError } from "@rill/protocol";
import type { ConfigKey, ConfigSchema, ConfigValues } from "./keys.js";
import { type FileEntry, type FileParseProblem, parseJsonConfig, parseProperties } from "./properties.js";

/** Where a value came from, in increasing precedence: default < file < env < flag. */
export type ConfigSource =
  | { readonly kind: "default" }
  | { readonly kind: "file"; readonly path: string; readonly line: number }
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "flag"; readonly flag: string };

export function describeSource(source: ConfigSource): string {
  switch (source.kind) {
    case "default":
      return "default";
    case "file":
      return source.line > 0 ? `file ${source.path}:${source.line}` : `file ${source.path}`;
    case "env":
      return `env ${source.name}`;
    case "flag":
      return `flag ${source.flag}`;
  }
}

/** `node.id` → `RILL_NODE_ID` (dots and dashes → underscores, upper case). */
export function configEnvName(key: string): string {
  return `RILL_${key.replace(/[.-]/g, "_").toUpperCase()}`;
}

/** `node.id` → `--node-id`. */
export function configFlagName(key: string): string {
  return `--${key.replace(/\./g, "-")}`;
}

export interface ConfigProblem {
  /** The config key concerned (for a file syntax error, the file's name). */
  readonly key: string;
  readonly source: ConfigSource | undefined;
  /** One line: key, value, source and what is expected. */
  readonly message: string;
}

/** Start-up config failure: every problem found, one per line, in `problems` and in the message. */
export class ConfigError extends RillError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      "INVALID_CONFIG",
      `invalid configuration (${count}):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`,
      {
        details: { problems: problems.map((problem) => problem.message) },
      },
    );
    this.problems = problems;
  }
}

export type FlagValue = string | number | boolean | readonly string[] | undefined;

export interface ConfigInputs {
  /** The config file's path and text; `.json` files are JSON, any other name `.properties`. */
  readonly file?: { readonly path: string; readonly text: string };
  /** Usually `process.env`; only `RILL_<KEY>` names of schema keys are read. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Command-line values keyed by config key (`{ "node.id": "1" }`); the app maps its flags (e.g.
   * commander options) to keys. An `undefined` value means "not given".
   */
  readonly flags?: Readonly<Record<string, FlagValue>>;
}

export interface LoadedConfig<S extends ConfigSchema> {
  readonly values: ConfigValues<S>;
  readonly sources: { readonly [K in keyof S]: ConfigSource | undefined };
}

function quote(key: ConfigKey<unknown>, raw: string): string {
  return key.sensitive ? "(secret)" : `'${raw}'`;
}

function flagText(value: Exclude<FlagValue, undefined>): string {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** The closest schema key by edit distance, if close enough to be a likely typo. */
function suggest(name: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(name, key);
    if (best === undefined || distance < best.distance) best = { key, distance };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(name.length / 4))
    ? best.key
    : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Resolves a schema's values from its sources, in increasing precedence: defaults, the file,
 * environment variables, flags. Pure: the caller reads the file and passes the environment.
 * Every problem is collected (unknown keys in the file or flags, unparseable or out-of-range
 * values, missing required keys) and thrown together as one ConfigError.
 *
 * Unknown `RILL_*` environment variables are not problems: the environment is shared with other
 * tools (the CLI reads RILL_BOOTSTRAP, RILL_DEBUG), so only the schema's own names are read.
 */
export function resolveConfig<S extends ConfigSchema>(schema: S, inputs: ConfigInputs): LoadedConfig<S> {
  const keys = Object.keys(schema);
  const problems: ConfigProblem[] = [];
  const raw = new Map<string, { text: string; source: ConfigSource }>();

  if (inputs.file !== undefined) {
    const { path, text } = inputs.file;
    const parsed: { entries: FileEntry[]; problems: FileParseProblem[] } = path.endsWith(".json")
      ? parseJsonConfig(text)
      : parseProperties(text);
    for (const problem of parsed.problems) {
      const source: ConfigSource = { kind: "file", path, line: problem.line };
      problems.push({ key: path, source, message: `${describeSource(source)}: ${problem.reason}` });
    }
    for (const entry of parsed.entries) {
      const source: ConfigSource = { kind: "file", path, line: entry.line };
      if (!Object.hasOwn(schema, entry.key)) {
        problems.push({ key: entry.key, source, message: unknownKeyMessage(entry.key, source, keys) });
        continue;
      }
      raw.set(entry.key, { text: entry.value, source });
    }
  }

  for (const key of keys) {
    const name = configEnvName(key);
    const value = inputs.env?.[name];
    if (value !== undefined) raw.set(key, { text: value, source: { kind: "env", name } });
  }

  for (const [key, value] of Object.entries(inputs.flags ?? {})) {
    if (value === undefined) continue;
    const source: ConfigSource = { kind: "flag", flag: configFlagName(key) };
    if (!Object.hasOwn(schema, key)) {
      problems.push({ key, source, message: unknownKeyMessage(key, source, keys) });
      continue;
    }
    raw.set(key, { text: flagText(value), source });
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource | undefined> = {};
  for (const key of keys) {
    const definition = schema[key] as ConfigKey<unknown>;
    const given = raw.get(key);
    if (given === undefined) {
      if (definition.hasDefault) {
        values[key] = definition.defaultValue;
        sources[key] = { kind: "default" };
      } else if (definition.optional) {
        values[key] = undefined;
        sources[key] = undefined;
      } else {
        problems.push({
          key,
          source: undefined,
          message: `${key} is required (${definition.expected}): set it with ${configFlagName(key)}, env ${configEnvName(key)} or in the config file`,
        });
      }
      continue;
    }
    const result = definition.parse(given.text);
    if (result.ok) {
      values[key] = result.value;
      sources[key] = given.source;
    } else {
      problems.push({
        key,
        source: given.source,
        message: `${key} = ${quote(definition, given.text)} from ${describeSource(given.source)} ${result.reason}; expected ${definition.expected}`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { values: values as ConfigValues<S>, sources: sources as LoadedConfig<S>["sources"] };
}

function unknownKeyMessage(key: string, source: ConfigSource, known: readonly string[]): string {
  const likely = suggest(key, known);
  return `${key} from ${describeSource(source)} is not a known config key${likely === undefined ? "" : ` (did you mean ${likely}?)`}`;
}

export interface LoadConfigOptions {
  /** Path of a `.properties` or `.json` config file, if any. */
  readonly configFile?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly flags?: Readonly<Record<string, FlagValue>>;
}

/** Reads the config file (if any) and resolves the schema; see `resolveConfig`. */
export function loadConfig<S extends ConfigSchema>(
  schema: S,
  options: LoadConfigOptions = {},
): LoadedConfig<S> {
  let file: { path: string; text: string } | undefined;
  if (options.configFile !== undefined) {
    const path = options.configFile;
    try {
      file = { path, text: readFileSync(path, "utf8") };
    } catch (error) {
      const source: ConfigSource = { kind: "file", path, line: 0 };
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (error as Error).message;
      throw new ConfigError([
        { key: path, source, message: `config file ${path} cannot be read: ${reason}` },
      ]);
    }
  }
  return resolveConfig(schema, {
    ...(file === undefined ? {} : { file }),
    env: options.env ?? process.env,
    ...(options.flags === undefined ? {} : { flags: options.flags }),
  });
}

/** The effective config for the start-up log line: key → { value, source }, secrets hidden. */
export function describeConfig<S extends ConfigSchema>(
  schema: S,
  loaded: LoadedConfig<S>,
): Record<string, { value: unknown; source: string }> {
  const description: Record<string, { value: unknown; source: string }> = {};
  for (const key of Object.keys(schema)) {
    const source = loaded.sources[key];
    if (source === undefined) continue;
    const definition = schema[key] as ConfigKey<unknown>;
    description[key] = {
      value: definition.sensitive ? "(secret)" : loaded.values[key],
      source: describeSource(source),
    };
  }
  return description;
}
