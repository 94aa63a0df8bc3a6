import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export const metricPrefix = "rill_";
const metricNamePattern = /^[a-z][a-z0-9_]*$/;

export interface MetricOptions<L extends string> {
  /** Without the `rill_` prefix, snake_case, unit last: `produce_latency_seconds`. */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
}

/**
 * One Prometheus registry per process (never prom-client's global one, so two processes' worth
 * of metrics can live in one test process). Rill's own metrics are named `rill_<name>`; the
 * default Node metrics (`process_*`, `nodejs_*`) keep their standard names.
 */
export class RillMetrics {
  readonly registry: Registry;

  constructor(
    options: {
      readonly defaultLabels?: Readonly<Record<string, string>>;
      readonly collectDefault?: boolean;
    } = {},
  ) {
    this.registry = new Registry();
    if (options.defaultLabels !== undefined) this.registry.setDefaultLabels({ ...options.defaultLabels });
    if (options.collectDefault !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = never>(options: MetricOptions<L>): Counter<L> {
    return new Counter<L>({ ...this.#common(options), registers: [this.registry] });
  }

  gauge<L extends string = never>(
    options: MetricOptions<L> & { readonly collect?: (this: Gauge<L>) => void },
  ): Gauge<L> {
    const collect = options.collect;
    return new Gauge<L>({
      ...this.#common(options),
      registers: [this.registry],
      ...(collect === undefined ? {} : { collect }),
    });
  }

  histogram<L extends string = never>(
    options: MetricOptions<L> & { readonly buckets?: readonly number[] },
  ): Histogram<L> {
    return new Histogram<L>({
      ...this.#common(options),
      registers: [this.registry],
      ...(options.buckets === undefined ? {} : { buckets: [...options.buckets] }),
    });
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #common<L extends string>(options: MetricOptions<L>) {
    if (!metricNamePattern.test(options.name) || options.name.startsWith(metricPrefix)) {
      throw new Error(
        `metric name '${options.name}' must be snake_case without the '${metricPrefix}' prefix`,
      );
    }
    return {
      name: `${metricPrefix}${options.name}`,
      help: options.help,
      labelNames: [...(options.labelNames ?? [])],
    };
  }
}
