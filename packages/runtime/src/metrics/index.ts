export { type MetricOptions, metricPrefix, RillMetrics } from "./metrics.js";
export { RPC_LATENCY_BUCKETS_SECONDS, rpcMetricsInterceptor } from "./rpc-metrics.js";
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from "./server.js";
