import type { ChannelOptions } from "@grpc/grpc-js";
import {
  GRPC_CLIENT_KEEPALIVE_TIME_MS,
  GRPC_CLIENT_KEEPALIVE_TIMEOUT_MS,
  GRPC_CONNECTION_WINDOW_BYTES,
  GRPC_MAX_MESSAGE_BYTES,
  GRPC_RECONNECT_BACKOFF_INITIAL_MS,
  GRPC_RECONNECT_BACKOFF_MAX_MS,
} from "./limits.js";

/** Overrides of the channel defaults (tests shrink them; production code rarely should). */
export interface RillChannelOptionsInput {
  /** The largest message sent and received; default GRPC_MAX_MESSAGE_BYTES. */
  readonly maxMessageBytes?: number;
  /** The HTTP/2 flow-control window; default GRPC_CONNECTION_WINDOW_BYTES (see below). */
  readonly flowControlWindowBytes?: number;
  /** Keepalive ping interval; default GRPC_CLIENT_KEEPALIVE_TIME_MS. */
  readonly keepaliveTimeMs?: number;
  /** Keepalive ping answer timeout; default GRPC_CLIENT_KEEPALIVE_TIMEOUT_MS. */
  readonly keepaliveTimeoutMs?: number;
  /** Any further raw grpc-js channel options, applied last. */
  readonly extra?: ChannelOptions;
}

/**
 * The grpc-js channel options every Rill client uses: explicit max send/receive sizes, keepalive,
 * a short reconnect backoff, and a large HTTP/2 window. grpc-js has one knob for the client's windows
 * (`grpc-node.flow_control_window`), used both as the initial stream window (SETTINGS) and the
 * connection window (WINDOW_UPDATE right after connecting); we set it to the 4 MiB connection
 * window, so one stream (a fetch response) can have a whole 4 MiB in flight. The cost: a stream
 * whose reader stops can hold the whole connection window, so readers must keep reading (the
 * fetch stream's byte credit bounds what the broker sends).
 */
export function createRillChannelOptions(input: RillChannelOptionsInput = {}): ChannelOptions {
  const maxMessageBytes = input.maxMessageBytes ?? GRPC_MAX_MESSAGE_BYTES;
  return {
    "grpc.max_send_message_length": maxMessageBytes,
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc-node.flow_control_window": input.flowControlWindowBytes ?? GRPC_CONNECTION_WINDOW_BYTES,
    "grpc.keepalive_time_ms": input.keepaliveTimeMs ?? GRPC_CLIENT_KEEPALIVE_TIME_MS,
    "grpc.keepalive_timeout_ms": input.keepaliveTimeoutMs ?? GRPC_CLIENT_KEEPALIVE_TIMEOUT_MS,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.initial_reconnect_backoff_ms": GRPC_RECONNECT_BACKOFF_INITIAL_MS,
    "grpc.min_reconnect_backoff_ms": GRPC_RECONNECT_BACKOFF_INITIAL_MS,
    "grpc.max_reconnect_backoff_ms": GRPC_RECONNECT_BACKOFF_MAX_MS,
    ...input.extra,
  };
}
