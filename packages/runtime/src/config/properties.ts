/** One `key=value` entry of a config file, with the line it starts on (1-based) for messages. */
export interface FileEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface FileParseProblem {
  readonly line: number;
  readonly reason: string;
}

/**
 * Parses a Kafka-style `.properties` file: `key=value` or `key: value` per line, `#` and `!`
 * start comments, blank lines ignored, a trailing backslash continues the value on the next line.
 * Unlike Java's Properties, `\uXXXX` escapes are not decoded and a repeated key is a problem (it
 * is almost always a mistake) rather than a silent override.
 */
export function parseProperties(text: string): { entries: FileEntry[]; problems: FileParseProblem[] } {
  const entries: FileEntry[] = [];
  const problems: FileParseProblem[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const startLine = index + 1;
    let logical = (lines[index] ?? "").trim();
    while (logical.endsWith("\\") && index + 1 < lines.length) {
      index += 1;
      logical = logical.slice(0, -1) + (lines[index] ?? "").trim();
    }
    if (logical.length === 0 || logical.startsWith("#") || logical.startsWith("!")) continue;
    const separator = logical.search(/[=:]/);
    if (separator <= 0) {
      problems.push({ line: startLine, reason: `'${logical}' is not key=value` });
      continue;
    }
    const key = logical.slice(0, separator).trim();
    const value = logical.slice(separator + 1).trim();
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push({ line: startLine, reason: `${key} is set again (first set on line ${previous})` });
      continue;
    }
    seen.set(key, startLine);
    entries.push({ key, value, line: startLine });
  }
  return { entries, problems };
}

/**
 * Parses a JSON config file: one object whose keys are config names; nested objects are
 * flattened with dots (`{"node": {"id": 1}}` is `node.id`), arrays of scalars become
 * comma-separated lists, and scalars their text. JSON carries no line numbers we can trust, so
 * entries have line 0 and messages name the file only.
 */
export function parseJsonConfig(text: string): { entries: FileEntry[]; problems: FileParseProblem[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      entries: [],
      problems: [{ line: 0, reason: `is not valid JSON (${(error as Error).message})` }],
    };
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return { entries: [], problems: [{ line: 0, reason: "is not a JSON object of config keys" }] };
  }
  const entries: FileEntry[] = [];
  const problems: FileParseProblem[] = [];
  const visit = (prefix: string, value: unknown) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [name, inner] of Object.entries(value))
        visit(prefix === "" ? name : `${prefix}.${name}`, inner);
      return;
    }
    const text = scalarText(value);
    if (text === undefined) {
      problems.push({
        line: 0,
        reason: `${prefix} has a value of the wrong type (${JSON.stringify(value)})`,
      });
    } else {
      entries.push({ key: prefix, value: text, line: 0 });
    }
  };
  visit("", document);
  return { entries, problems };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const scalars = value.every((item) => ["string", "number", "boolean"].includes(typeof item));
    return scalars ? value.map(String).join(",") : undefined;
  }
  return undefined;
}
