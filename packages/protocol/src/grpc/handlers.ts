import {
  status as GrpcStatus,
  type handleBidiStreamingCall,
  type handleServerStreamingCall,
  type handleUnaryCall,
  Metadata,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type StatusObject,
} from "@grpc/grpc-js";
import { escalateAssertionFailure } from "../assert/escalate.js";
import { isRillError, RillError } from "../errors/rill-error.js";
import { toGrpcStatus } from "../errors/status.js";

/** Where handler failures that are not RillErrors are reported (pino's `error(obj, msg)` fits). */
export interface HandlerLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/** The default logger: one JSON line on stderr (processes replace it with their pino logger). */
export const stderrHandlerLogger: HandlerLogger = {
  error(fields, message) {
    process.stderr.write(
      `${JSON.stringify({ level: "error", time: Date.now(), msg: message, ...fields })}\n`,
    );
  },
};

/** Options of the handler wrappers. */
export interface HandlerOptions {
  /** Where unexpected (non-RillError) failures are logged; default stderrHandlerLogger. */
  readonly logger?: HandlerLogger;
}

/**
 * The status a handler failure is sent as: a RillError as itself; anything else (a bug) is
 * logged with its stack and sent as UNKNOWN_SERVER_ERROR with a generic message, so no stack,
 * path or internal detail leaks to the caller.
 */
function failureStatus(error: unknown, method: string, logger: HandlerLogger) {
  if (isRillError(error)) return toGrpcStatus(error);
  logger.error(
    {
      method,
      err:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    },
    "unexpected error in gRPC handler",
  );
  return toGrpcStatus(new RillError("UNKNOWN_SERVER_ERROR"));
}

function methodOf(call: { getPath(): string }): string {
  try {
    return call.getPath();
  } catch {
    return "unknown";
  }
}

/**
 * A grpc-js unary handler from an async function: its result is the response, a thrown RillError
 * becomes its status with details, an AssertionFailure crashes the process (never answered),
 * anything else is UNKNOWN_SERVER_ERROR (logged).
 */
export function unaryHandler<Req, Res>(
  handler: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
  options: HandlerOptions = {},
): handleUnaryCall<Req, Res> {
  const logger = options.logger ?? stderrHandlerLogger;
  return (call, callback) => {
    let settled: Promise<Res>;
    try {
      settled = handler(call.request, call);
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled.then(
      (response) => callback(null, response),
      (error: unknown) => {
        // A broken invariant is never answered: the process crashes (the caller sees the
        // connection drop, an indeterminate outcome).
        if (escalateAssertionFailure(error)) return;
        callback(failureStatus(error, methodOf(call), logger));
      },
    );
  };
}

/**
 * A grpc-js server-streaming handler from an async function that writes to the call; when it
 * resolves the stream ends OK (if the handler has not ended it), when it throws the stream ends
 * with the error's status (as unaryHandler).
 */
export function serverStreamHandler<Req, Res>(
  handler: (call: ServerWritableStream<Req, Res>) => Promise<void>,
  options: HandlerOptions = {},
): handleServerStreamingCall<Req, Res> {
  const logger = options.logger ?? stderrHandlerLogger;
  return (call) => {
    runStream(call, () => handler(call), logger);
  };
}

/**
 * Writes one message to a server stream and resolves once grpc-js will take more: at once while
 * its buffer has room, otherwise on 'drain'. A pushing handler (fetch stream, follower fetch,
 * metadata stream) awaits it, so a slow client holds back the handler instead of growing the
 * buffer without bound. Rejects with NETWORK_EXCEPTION when the call ends first.
 */
export function writeMessage<Res>(
  call: ServerWritableStream<unknown, Res> | ServerDuplexStream<unknown, Res>,
  message: Res,
): Promise<void> {
  if (call.write(message)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      call.off("drain", onDrain);
      call.off("cancelled", onGone);
      call.off("close", onGone);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onGone = (): void => {
      cleanup();
      reject(new RillError("NETWORK_EXCEPTION", "The stream ended before the message was sent"));
    };
    call.once("drain", onDrain);
    call.once("cancelled", onGone);
    call.once("close", onGone);
  });
}

/** How many received messages `incomingMessages` buffers before it pauses the stream. */
export const INCOMING_MESSAGES_BUFFERED_MAX = 16;

/**
 * The messages a client sends on a stream, as an async iterable that leaves the call open when
 * the loop ends. Use it instead of `for await (… of call)`: Node's own stream iterator destroys
 * the stream when the loop exits, and grpc-js sends a server stream's status only from `end()`,
 * so a destroyed call would never send its status and the client would hang until its deadline.
 * Buffers at most INCOMING_MESSAGES_BUFFERED_MAX messages (pausing the stream, so HTTP/2 flow
 * control pushes back on the client). Ends when the client half-closes or the call is cancelled.
 */
export async function* incomingMessages<Req>(
  call: ServerDuplexStream<Req, unknown>,
): AsyncGenerator<Req, void> {
  const queue: Req[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const onData = (message: Req): void => {
    queue.push(message);
    if (queue.length >= INCOMING_MESSAGES_BUFFERED_MAX) call.pause();
    notify();
  };
  const onEnd = (): void => {
    done = true;
    notify();
  };
  const onError = (error: unknown): void => {
    failure = error;
    done = true;
    notify();
  };
  call.on("data", onData);
  call.once("end", onEnd);
  call.once("cancelled", onEnd);
  call.once("error", onError);
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (call.isPaused() && queue.length < INCOMING_MESSAGES_BUFFERED_MAX / 2) call.resume();
        yield next;
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (failure !== undefined) throw failure;
  } finally {
    call.off("data", onData);
    call.off("end", onEnd);
    call.off("cancelled", onEnd);
    call.off("error", onError);
  }
}

/**
 * A grpc-js bidi-streaming handler from an async function that reads the client's messages
 * (`messages`, see incomingMessages) and writes to the call; ends as serverStreamHandler does.
 */
export function bidiStreamHandler<Req, Res>(
  handler: (call: ServerDuplexStream<Req, Res>, messages: AsyncIterable<Req>) => Promise<void>,
  options: HandlerOptions = {},
): handleBidiStreamingCall<Req, Res> {
  const logger = options.logger ?? stderrHandlerLogger;
  return (call) => {
    runStream(call, () => handler(call, incomingMessages(call)), logger);
  };
}

function runStream(
  call: ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>,
  run: () => Promise<void>,
  logger: HandlerLogger,
): void {
  let settled: Promise<void>;
  try {
    settled = run();
  } catch (error) {
    settled = Promise.reject(error);
  }
  settled.then(
    () => {
      if (call.cancelled) return;
      if (call.destroyed) sendStatusOfDestroyed(call, { code: GrpcStatus.OK, details: "OK" });
      else if (!call.writableEnded) call.end();
    },
    (error: unknown) => {
      if (escalateAssertionFailure(error) || call.cancelled) return;
      const status = failureStatus(error, methodOf(call), logger);
      if (call.destroyed) sendStatusOfDestroyed(call, status);
      // grpc-js sends the status of an 'error' event on a server stream as the call's status.
      else call.emit("error", status);
    },
  );
}

/**
 * Sends the status of a server stream that was destroyed (e.g. by a `for await` loop over it),
 * which grpc-js would otherwise never send: through the internal call object of grpc-js 1.14,
 * the only way left. Without it the client would wait for its deadline.
 */
function sendStatusOfDestroyed(call: object, status: Partial<StatusObject>): void {
  const internal = (call as { call?: { sendStatus?: (status: StatusObject) => void } }).call;
  internal?.sendStatus?.({
    code: GrpcStatus.OK,
    details: "",
    metadata: new Metadata(),
    ...status,
  } as StatusObject);
}
