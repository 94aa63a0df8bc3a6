/**
 * Channel options for the controller's own clients of other controllers (forwarding, status).
 * grpc-js backs off reconnecting to an unreachable address up to 120 s by default; a controller
 * restarted after a crash must be reachable again within about a second, so the backoff is
 * capped low (connection attempts to a dead peer are cheap on a LAN).
 */
import type { RillChannelOptionsInput } from "@rill/protocol";

export const PEER_RECONNECT_BACKOFF_MAX_MS = 1_000;

export const PEER_CHANNEL_OPTIONS: RillChannelOptionsInput = {
  extra: {
    "grpc.initial_reconnect_backoff_ms": 100,
    "grpc.min_reconnect_backoff_ms": 100,
    "grpc.max_reconnect_backoff_ms": PEER_RECONNECT_BACKOFF_MAX_MS,
  },
};
