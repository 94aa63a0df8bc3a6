export { type MetricOptions, metricPrefix, RillMetrics } from "./metrics.js";
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from "./server.js";
