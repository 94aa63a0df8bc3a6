/**
 * Output conventions every command follows: with `--json`, exactly one JSON document on stdout
 * (machine output, stable field names); without it, aligned text for a person.
 */
export interface OutputOptions {
  readonly json: boolean;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(value, jsonReplacer)}\n`);
  } else {
    const text = human();
    if (text.length > 0) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }
}

/** 64-bit values travel as bigint internally and as decimal strings in JSON. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** Renders rows as left-aligned columns under a header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const render = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)].join("\n");
}
