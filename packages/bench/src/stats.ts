/** Order statistics over a sample; benchmarks report medians and tails, never single runs. */
export function percentile(sample: readonly number[], fraction: number): number {
  if (sample.length === 0) throw new RangeError("percentile of an empty sample");
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction ${fraction} is not in [0, 1]`);
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(sample: readonly number[]): number {
  return percentile(sample, 0.5);
}

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(sample: readonly number[]): Summary {
  return {
    count: sample.length,
    min: percentile(sample, 0),
    p50: percentile(sample, 0.5),
    p99: percentile(sample, 0.99),
    max: percentile(sample, 1),
  };
}
