/**
 * Benchmark flags in the `--name=value` form that `pnpm bench` passes through, read from the
 * command line. A flag given with a bad value stops the benchmark with a clear error.
 */
export function positiveIntegerFlag(
  name: string,
  fallback: number,
  argv: readonly string[] = process.argv.slice(2),
): number {
  const given = argv.find((arg) => arg.startsWith(`--${name}=`));
  const value = given === undefined ? fallback : Number(given.slice(name.length + 3));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** A comma-separated `--name=a,b,c` flag as a set; `fallback` when absent. */
export function listFlag(
  name: string,
  fallback: readonly string[],
  argv: readonly string[] = process.argv.slice(2),
): Set<string> {
  const given = argv.find((arg) => arg.startsWith(`--${name}=`));
  return new Set(given === undefined ? fallback : given.slice(name.length + 3).split(","));
}
