/**
 * Size, window and keepalive limits of every Rill gRPC server and channel. Named here once so
 * that clients and servers agree: in particular a client's receive limit must be at least the
 * server's send limit, which is what lets `fromGrpcError` read "Received message larger than max"
 * as the server refusing the request (nothing done) rather than the client refusing a response.
 */

/** 1 MiB: the HTTP/2 stream flow-control window (SPEC §2: 1 MiB stream, 4 MiB connection). */
export const GRPC_STREAM_WINDOW_BYTES = 1024 * 1024;

/** 4 MiB: the HTTP/2 connection flow-control window. */
export const GRPC_CONNECTION_WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * 16 MiB: the largest gRPC message sent or received, both sides. Above SPEC's 1 MiB max message
 * (a produce request carries many batches, a fetch response many partitions), far below what
 * would strain a 2-core box's memory per in-flight call.
 */
export const GRPC_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * 64 KiB of headroom for the non-record fields of a message (names, offsets, errors). Servers
 * clamp the record bytes they put in one response to `GRPC_MAX_RECORDS_BYTES_PER_MESSAGE`.
 */
export const GRPC_MESSAGE_OVERHEAD_BYTES = 64 * 1024;

/** The most record bytes a server puts in one response message. */
export const GRPC_MAX_RECORDS_BYTES_PER_MESSAGE = GRPC_MAX_MESSAGE_BYTES - GRPC_MESSAGE_OVERHEAD_BYTES;

/**
 * Client keepalive: ping an idle connection every 10 s and drop it when a ping is not answered in
 * 5 s, so a dead peer (kill -9 of its host, a partition) ends its streams in about 15 s instead of
 * at the OS TCP timeout. Pings also run without calls so that idle pooled channels stay checked.
 */
export const GRPC_CLIENT_KEEPALIVE_TIME_MS = 10_000;
/** How long a client waits for a keepalive ping's answer. */
export const GRPC_CLIENT_KEEPALIVE_TIMEOUT_MS = 5_000;

/** Server keepalive: ping each connection every 30 s, drop it after 10 s without an answer. */
export const GRPC_SERVER_KEEPALIVE_TIME_MS = 30_000;
/** How long a server waits for a keepalive ping's answer. */
export const GRPC_SERVER_KEEPALIVE_TIMEOUT_MS = 10_000;

/**
 * Reconnect backoff of every Rill channel: grpc-js backs off up to 120 s by default, so a peer
 * restarted after a crash (a controller, a partition leader) could stay unreachable for minutes
 * from a client that had failed to connect a few times. Between cluster members a connection
 * attempt is cheap, so retry from 100 ms, doubling to at most 1 s.
 */
export const GRPC_RECONNECT_BACKOFF_INITIAL_MS = 100;
/** The longest wait between two connection attempts. */
export const GRPC_RECONNECT_BACKOFF_MAX_MS = 1_000;
