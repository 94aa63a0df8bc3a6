/**
 * Every Rill benchmark prints its figures through this: a human-readable line each by default,
 * or, with `--json` on the command line, one JSON object per figure
 * (`{"name": ..., "value": ..., "unit": ...}`) and nothing else on stdout.
 */
export interface Figure {
  /** Stable dotted name, e.g. `codec.encode.gzip.records_per_s`. */
  readonly name: string;
  readonly value: number;
  /** Unit of `value`, e.g. `records/s`, `MB/s`, `ms`. */
  readonly unit: string;
  /** Extra context printed beside the figure (not part of its identity). */
  readonly detail?: Readonly<Record<string, string | number>>;
}

export interface BenchmarkReporter {
  readonly json: boolean;
  figure(figure: Figure): void;
  /** Progress or context for a human; suppressed (sent to stderr) in JSON mode. */
  note(message: string): void;
}

export function benchmarkReporter(argv: readonly string[] = process.argv.slice(2)): BenchmarkReporter {
  const json = argv.includes("--json");
  return {
    json,
    figure(figure) {
      if (json) {
        process.stdout.write(`${JSON.stringify(figure)}\n`);
        return;
      }
      const detail = figure.detail
        ? `  (${Object.entries(figure.detail)
            .map(([key, value]) => `${key}=${value}`)
            .join(", ")})`
        : "";
      process.stdout.write(
        `${figure.name.padEnd(56)} ${formatValue(figure.value).padStart(14)} ${figure.unit}${detail}\n`,
      );
    },
    note(message) {
      (json ? process.stderr : process.stdout).write(`# ${message}\n`);
    },
  };
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  if (Math.abs(value) >= 100) return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
  return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
}
