import type { ServerInterceptor } from "@grpc/grpc-js";
import { callObserverInterceptor } from "@rill/protocol";
import type { RillMetrics } from "./metrics.js";

/**
 * Request latency buckets in seconds: 0.5 ms (an in-memory metadata answer) to 30 s (a produce
 * waiting out `request.timeout.ms`). Fixed and few, so each method costs 15 series.
 */
export const RPC_LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
] as const;

/**
 * Per-RPC metrics of a process's gRPC servers, fed by a server interceptor:
 * `rill_rpc_requests_total{method,code}` for every call (streams counted once, when they end) and
 * `rill_rpc_request_duration_seconds{method}` for unary calls. Label cardinality is bounded: the
 * methods are the protos' and the codes the Rill error names plus gRPC's status names.
 * Per-partition errors inside a successful response (e.g. one partition NOT_LEADER_OR_FOLLOWER in
 * a Produce) are answers, not failed calls: they count as OK here.
 */
export function rpcMetricsInterceptor(metrics: RillMetrics): ServerInterceptor {
  const requests = metrics.counter<"method" | "code">({
    name: "rpc_requests_total",
    help: "gRPC calls served, by method (Service/Method) and outcome (OK or the error name)",
    labelNames: ["method", "code"],
  });
  const latency = metrics.histogram<"method">({
    name: "rpc_request_duration_seconds",
    help: "time from a unary call's arrival to its answer, by method",
    labelNames: ["method"],
    buckets: RPC_LATENCY_BUCKETS_SECONDS,
  });
  return callObserverInterceptor((call) => {
    requests.inc({ method: call.method, code: call.code });
    if (call.unary) latency.observe({ method: call.method }, call.durationSeconds);
  });
}
