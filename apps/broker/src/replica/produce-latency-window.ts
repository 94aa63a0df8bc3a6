import { build as buildHistogram, type Histogram } from "hdr-histogram-js";

/** The longest latency kept apart (a produce waits at most produce.timeout.max; longer is clamped). */
const LATENCY_MS_MAX = 10 * 60 * 1000;

/**
 * The latencies of the produce requests this broker answered (acks 1 or all: arrival to
 * answer, ms) since the last `takeP99Ms`: what the automatic reassignment throttle watches. One
 * HDR histogram of fixed size (2 significant digits up to LATENCY_MS_MAX), reset by each take,
 * so memory does not grow with traffic.
 */
export class ProduceLatencyWindow {
  readonly #histogram: Histogram = buildHistogram({
    lowestDiscernibleValue: 1,
    highestTrackableValue: LATENCY_MS_MAX,
    numberOfSignificantValueDigits: 2,
  });

  record(latencyMs: number): void {
    this.#histogram.recordValue(Math.min(LATENCY_MS_MAX, Math.max(1, Math.round(latencyMs))));
  }

  /** The p99 of the window that ends now (undefined when it saw no produce); starts the next one. */
  takeP99Ms(): number | undefined {
    const p99 = this.#histogram.totalCount === 0 ? undefined : this.#histogram.getValueAtPercentile(99);
    this.#histogram.reset();
    return p99;
  }
}
