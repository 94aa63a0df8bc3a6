import type { ClientDuplexStream } from "@grpc/grpc-js";
import { type BrokerV1, fromGrpcError, RillError } from "@rill/protocol";

type StreamRequest = BrokerV1.ProduceStreamRequest;
type StreamResponse = BrokerV1.ProduceStreamResponse__Output;

interface Pending {
  readonly resolve: (response: BrokerV1.ProduceResponse__Output) => void;
  readonly reject: (error: RillError) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One ProduceStream to a broker: produce requests go out on one long-lived bidi stream, each
 * with a correlation id, and their answers come back in any order. The broker appends the
 * requests of one stream in the order they arrive, so batches of a partition sent one after the
 * other on the stream reach the log in that order.
 *
 * Outcomes: an answer with `error` set was not appended (the broker says so); a request whose
 * answer does not come within its timeout, or that is in flight when the stream breaks, is
 * INDETERMINATE (REQUEST_TIMED_OUT / the stream's transport error, marked indeterminate). A
 * broken stream is not reused: the next request opens a new one.
 */
export class ProduceStream {
  readonly #open: () => ClientDuplexStream<StreamRequest, StreamResponse>;
  #call: ClientDuplexStream<StreamRequest, StreamResponse> | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextCorrelationId = 1;

  constructor(open: () => ClientDuplexStream<StreamRequest, StreamResponse>) {
    this.#open = open;
  }

  /** Sends one produce request; resolves with its answer or rejects with a typed error. */
  send(request: BrokerV1.ProduceRequest, timeoutMs: number): Promise<BrokerV1.ProduceResponse__Output> {
    const call = this.#stream();
    const correlationId = this.#nextCorrelationId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.#pending.delete(correlationId)) return;
        reject(
          new RillError("REQUEST_TIMED_OUT", `no answer on the produce stream within ${timeoutMs} ms`, {
            details: { indeterminate: true },
          }),
        );
      }, timeoutMs);
      this.#pending.set(correlationId, { resolve, reject, timer });
      call.write({ correlationId, request });
    });
  }

  /** Ends the stream; requests still in flight become INDETERMINATE (with `reason` as message). */
  close(reason = "the produce stream was closed with requests in flight"): void {
    const call = this.#call;
    this.#call = undefined;
    call?.cancel();
    this.#failAll(new RillError("INDETERMINATE", reason));
  }

  #stream(): ClientDuplexStream<StreamRequest, StreamResponse> {
    if (this.#call !== undefined) return this.#call;
    const call = this.#open();
    this.#call = call;
    call.on("data", (message: StreamResponse) => {
      const id = Number(message.correlationId);
      const pending = this.#pending.get(id);
      if (pending === undefined) return; // timed out already: its outcome stays INDETERMINATE
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      if (message.error !== null && message.error !== undefined && message.error.errorCode !== 0) {
        // The broker refused the whole request: nothing of it was appended.
        pending.reject(
          RillError.fromCode(message.error.errorCode, message.error.message || undefined, {
            indeterminate: false,
          }),
        );
      } else if (message.response === null) {
        pending.reject(
          new RillError("UNKNOWN_SERVER_ERROR", "a produce stream answer without a response", {
            details: { indeterminate: true },
          }),
        );
      } else {
        pending.resolve(message.response);
      }
    });
    const broken = (error?: unknown): void => {
      if (this.#call !== call) return;
      this.#call = undefined;
      const failure =
        error === undefined
          ? new RillError("NETWORK_EXCEPTION", "the broker ended the produce stream", {
              details: { indeterminate: true },
            })
          : fromGrpcError(error);
      this.#failAll(failure);
    };
    call.on("error", broken);
    call.on("end", () => broken());
    return call;
  }

  #failAll(error: RillError): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }
}
