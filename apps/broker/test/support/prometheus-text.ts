/**
 * The Prometheus text exposition a /metrics endpoint serves, parsed into samples, and sums over
 * them: what the metrics tests read. Only the subset prom-client writes (no timestamps, no
 * escaped quotes in label values from our label sets).
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE_LINE.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key as string] = value as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The family names in a text (the `# TYPE` lines), histograms and counters under their base name. */
export function familyNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const match = /^# TYPE (\S+) \S+$/.exec(line);
    if (match !== null) names.add(match[1] as string);
  }
  return names;
}

/** The sum of the samples named `name` whose labels include `labels`. */
export function sumOf(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) sum += sample.value;
  }
  return sum;
}

/** GETs and parses `http://host:port/metrics`. */
export async function scrape(host: string, port: number): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET /metrics on ${host}:${port}: HTTP ${response.status}`);
  const text = await response.text();
  return { text, samples: parsePrometheusText(text) };
}
