import type { Http2Server, ServerOptions as Http2ServerOptions, Http2Session } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import {
  GRPC_CONNECTION_WINDOW_BYTES,
  GRPC_MAX_MESSAGE_BYTES,
  GRPC_SERVER_KEEPALIVE_TIME_MS,
  GRPC_SERVER_KEEPALIVE_TIMEOUT_MS,
  GRPC_STREAM_WINDOW_BYTES,
} from "./limits.js";

/** Overrides of the server defaults (tests shrink them; production code rarely should). */
export interface RillServerOptions {
  /** The largest message received and sent; default GRPC_MAX_MESSAGE_BYTES. */
  readonly maxMessageBytes?: number;
  /** The initial HTTP/2 stream window the server advertises; default GRPC_STREAM_WINDOW_BYTES. */
  readonly streamWindowBytes?: number;
  /** The HTTP/2 connection window of each accepted session; default GRPC_CONNECTION_WINDOW_BYTES. */
  readonly connectionWindowBytes?: number;
  /** Keepalive ping interval; default GRPC_SERVER_KEEPALIVE_TIME_MS. */
  readonly keepaliveTimeMs?: number;
  /** Keepalive ping answer timeout; default GRPC_SERVER_KEEPALIVE_TIMEOUT_MS. */
  readonly keepaliveTimeoutMs?: number;
  /** Any further raw grpc-js server options, applied last. */
  readonly extra?: grpc.ServerOptions;
}

/**
 * The parts of grpc-js 1.14's Server that the window settings need. grpc-js has no option for the
 * server's HTTP/2 windows (only `grpc.max_concurrent_streams` reaches the http2 SETTINGS), so we
 * add the stream window to the settings it passes to http2.createServer and open each session's
 * connection window when the session starts. Both are private: createRillServer checks they exist
 * and fails loudly if a grpc-js upgrade removed them (a test checks the windows on the wire).
 */
interface ServerInternals {
  commonServerOptions?: Http2ServerOptions;
  createHttp2Server?: (credentials: grpc.ServerCredentials) => Http2Server;
}

/**
 * A grpc-js server with Rill's limits: explicit max send/receive sizes, keepalive, and the HTTP/2
 * windows of SPEC §2 (1 MiB per stream, 4 MiB per connection). Add services, then
 * `bindRillServer`.
 */
export function createRillServer(options: RillServerOptions = {}): grpc.Server {
  const maxMessageBytes = options.maxMessageBytes ?? GRPC_MAX_MESSAGE_BYTES;
  const streamWindowBytes = options.streamWindowBytes ?? GRPC_STREAM_WINDOW_BYTES;
  const connectionWindowBytes = options.connectionWindowBytes ?? GRPC_CONNECTION_WINDOW_BYTES;
  const server = new grpc.Server({
    "grpc.max_send_message_length": maxMessageBytes,
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.keepalive_time_ms": options.keepaliveTimeMs ?? GRPC_SERVER_KEEPALIVE_TIME_MS,
    "grpc.keepalive_timeout_ms": options.keepaliveTimeoutMs ?? GRPC_SERVER_KEEPALIVE_TIMEOUT_MS,
    ...options.extra,
  });
  const internals = server as unknown as ServerInternals;
  const common = internals.commonServerOptions;
  const createHttp2Server = internals.createHttp2Server;
  if (common === undefined || typeof createHttp2Server !== "function") {
    throw new Error("@grpc/grpc-js internals changed: cannot set the server's HTTP/2 windows");
  }
  common.settings = { ...common.settings, initialWindowSize: streamWindowBytes };
  internals.createHttp2Server = (credentials) => {
    const http2Server = createHttp2Server.call(server, credentials);
    http2Server.on("session", (session: Http2Session) => {
      // Raises the connection window from HTTP/2's 64 KiB default by a WINDOW_UPDATE.
      session.setLocalWindowSize(connectionWindowBytes);
    });
    return http2Server;
  };
  return server;
}

/**
 * Binds an insecure listener (Rill's cluster traffic is plaintext for now) and resolves with the
 * bound port (useful with port 0). Rejects when the address cannot be bound.
 */
export function bindRillServer(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error !== null) reject(error);
      else resolve(port);
    });
  });
}

/**
 * Stops a server: refuses new calls, waits up to `graceMs` for calls in flight (streams usually
 * never end by themselves), then cancels whatever remains.
 */
export function shutdownRillServer(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
