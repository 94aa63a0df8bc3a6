import { status as GrpcStatus, ServerInterceptingCall, type ServerInterceptor } from "@grpc/grpc-js";
import { GRPC_STATUS_DETAILS_KEY, rillErrorNameOfTrailer } from "../errors/status.js";

/** One finished server call, as a CallObserver sees it. */
export interface ObservedCall {
  /** `Service/Method` without the package (e.g. `BrokerService/Produce`): bounded by the protos. */
  readonly method: string;
  /** True for unary calls; a stream's duration is its lifetime, not a request latency. */
  readonly unary: boolean;
  /**
   * `OK`, the Rill error name a handler answered with (e.g. `NOT_LEADER_OR_FOLLOWER`), or for a
   * status without Rill details the gRPC code name (`CANCELLED`, `RESOURCE_EXHAUSTED`, ...).
   */
  readonly code: string;
  readonly durationSeconds: number;
}

export type CallObserver = (call: ObservedCall) => void;

/** `/rill.broker.v1.BrokerService/Produce` → `BrokerService/Produce`. */
function shortMethodName(path: string): string {
  const [service = "", method = ""] = path.replace(/^\//, "").split("/");
  return `${service.slice(service.lastIndexOf(".") + 1)}/${method}`;
}

function codeName(status: {
  code: number;
  metadata?: { get(key: string): unknown[] } | null | undefined;
}): string {
  if (status.code === GrpcStatus.OK) return "OK";
  const details = status.metadata?.get(GRPC_STATUS_DETAILS_KEY)[0];
  return rillErrorNameOfTrailer(details) ?? GrpcStatus[status.code] ?? String(status.code);
}

/**
 * A grpc-js server interceptor that reports every call once, when its status is sent (so calls
 * refused before a handler ran, e.g. over the receive limit, are counted too). The clock is
 * injected (`nowMs`, default performance.now) so the observer never reads time itself.
 */
export function callObserverInterceptor(
  observe: CallObserver,
  nowMs: () => number = () => performance.now(),
): ServerInterceptor {
  return (descriptor, call) => {
    const startedMs = nowMs();
    const method = shortMethodName(descriptor.path);
    const unary = !descriptor.requestStream && !descriptor.responseStream;
    return new ServerInterceptingCall(call, {
      sendStatus(status, next) {
        observe({
          method,
          unary,
          code: codeName(status),
          durationSeconds: Math.max(0, nowMs() - startedMs) / 1000,
        });
        next(status);
      },
    });
  };
}
