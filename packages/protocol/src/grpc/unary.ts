import type { CallOptions, Client, ClientUnaryCall, Metadata, requestCallback } from "@grpc/grpc-js";
import { Metadata as GrpcMetadata } from "@grpc/grpc-js";
import { RillError } from "../errors/rill-error.js";
import { fromGrpcError } from "../errors/status.js";

// The generated clients declare each unary method with four overloads; the last one is
// (argument, callback), which is what these conditional types match.

/** The names of a generated client's unary methods (lowerCamel and UpperCamel both). */
export type UnaryMethodName<C> = {
  [K in keyof C]: C[K] extends (argument: infer _A, callback: requestCallback<infer _R>) => ClientUnaryCall
    ? K
    : never;
}[keyof C] &
  string;

/** The request type of a unary method. */
export type UnaryRequest<M> = M extends (
  argument: infer A,
  callback: requestCallback<infer _R>,
) => ClientUnaryCall
  ? A
  : never;

/** The response type of a unary method. */
export type UnaryResponse<M> = M extends (
  argument: infer _A,
  callback: requestCallback<infer R>,
) => ClientUnaryCall
  ? R
  : never;

/** Per-call options of `callUnary`. */
export interface UnaryCallOptions {
  /** The deadline, relative to now. Every Rill call has one: no call may hang. */
  readonly timeoutMs: number;
  /** Request metadata (headers). */
  readonly metadata?: Metadata;
  /**
   * Aborts the call: before it starts it fails with OPERATION_NOT_ATTEMPTED (not done), after
   * with INDETERMINATE (it may already have been sent).
   */
  readonly signal?: AbortSignal;
}

/**
 * Calls a unary method with a deadline and resolves with its response, or rejects with the
 * RillError `fromGrpcError` makes of the failure (REQUEST_TIMED_OUT at the deadline, the
 * server's own error otherwise). Usage: `await callUnary(client, "produce", request, { timeoutMs })`.
 */
export function callUnary<C extends Client, K extends UnaryMethodName<C>>(
  client: C,
  method: K,
  request: UnaryRequest<C[K]>,
  options: UnaryCallOptions,
): Promise<UnaryResponse<C[K]>> {
  if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new RangeError(`timeoutMs must be a positive number, got ${options.timeoutMs}`);
  }
  const invoke = client[method] as unknown as (
    argument: unknown,
    metadata: Metadata,
    callOptions: CallOptions,
    callback: requestCallback<UnaryResponse<C[K]>>,
  ) => ClientUnaryCall;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted === true) {
      reject(new RillError("OPERATION_NOT_ATTEMPTED", "The call was aborted before it started"));
      return;
    }
    const call = invoke.call(
      client,
      request,
      options.metadata ?? new GrpcMetadata(),
      { deadline: Date.now() + options.timeoutMs },
      (error, response) => {
        options.signal?.removeEventListener("abort", onAbort);
        if (error !== null) reject(fromGrpcError(error));
        else if (response === undefined) reject(fromGrpcError(new Error("empty response")));
        else resolve(response);
      },
    );
    const onAbort = (): void => call.cancel();
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
}
