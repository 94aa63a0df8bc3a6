/**
 * The errors a partition request is answered with: leader hints (where the client should go
 * next), the per-partition error fields of a response, and `asRillError` (every failure as the
 * typed error a client gets; an assertion failure is never answered).
 */

import type { MetadataImage } from "@rill/metadata";
import { type CommonV1, escalateAssertionFailure, RillError } from "@rill/protocol";
import { NO_NODE, type NodeId, nodeId } from "@rill/protocol/ids";
import { clientEndpoint } from "../server/metadata-response.js";

/**
 * Where a request arrived when it came from another broker (ReplicationService): its hints name
 * the leader's inter-broker endpoint. A client's request names the listener it arrived on instead.
 */
export const INTER_BROKER: unique symbol = Symbol("inter-broker listener");

/** The listener a request arrived on, which decides the address a leader hint carries. */
export type HintListener = string | typeof INTER_BROKER;

/**
 * host:port of a broker's inter-broker listener from its registration in the image, or undefined
 * when unknown. A broker registers that listener first (server/listeners.ts), so it is the first
 * endpoint whatever the listeners are called.
 */
export function brokerAddress(
  image: MetadataImage,
  brokerId: NodeId,
): { host: string; port: number } | undefined {
  const first = image.brokers.get(brokerId)?.endpoints[0];
  return first === undefined ? undefined : { host: first.host, port: first.port };
}

/**
 * The partition's current leader as the image knows it, as a wire hint. Its address is the
 * leader's endpoint on the listener the request arrived on (as Metadata answers, Kafka's rule):
 * a client behind a separate listener retries at an address it can reach, never at the
 * inter-broker one. Empty when the leader has no such listener.
 */
export function leaderHint(
  image: MetadataImage,
  listener: HintListener,
  topic: string,
  partition: number,
  override?: { leaderId?: unknown; leaderEpoch?: unknown },
): CommonV1.LeaderHint {
  const registration = image.topicByName(topic)?.partitions.get(partition);
  // The override comes from an error's details (a bare number): branded here, -1 meaning "none".
  const leaderId =
    typeof override?.leaderId === "number"
      ? override.leaderId < 0
        ? NO_NODE
        : nodeId(override.leaderId)
      : (registration?.leader ?? NO_NODE);
  const leaderEpoch =
    typeof override?.leaderEpoch === "number" ? override.leaderEpoch : (registration?.leaderEpoch ?? -1);
  const leader = leaderId >= 0 ? image.brokers.get(leaderId) : undefined;
  const address =
    leader === undefined
      ? undefined
      : listener === INTER_BROKER
        ? brokerAddress(image, leaderId)
        : clientEndpoint(leader, listener);
  return {
    leaderId,
    leaderEpoch,
    host: address?.host ?? "",
    port: address?.port ?? 0,
    topic,
    partition,
  };
}

/**
 * Errors after which a client should look for the leader elsewhere: they carry a hint.
 * INDETERMINATE is among them for a produce appended just before leadership moved.
 */
const HINTED_ERRORS = new Set([
  "NOT_LEADER_OR_FOLLOWER",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
  "INDETERMINATE",
]);

/** The per-partition error fields of a response (Kafka's numbers), with a leader hint when useful. */
export function partitionErrorFields(
  image: MetadataImage,
  listener: HintListener,
  topic: string,
  partition: number,
  error: RillError,
): { errorCode: number; errorMessage: string; currentLeader: CommonV1.LeaderHint | null } {
  return {
    errorCode: error.code,
    errorMessage: error.message,
    currentLeader: HINTED_ERRORS.has(error.errorName)
      ? leaderHint(
          image,
          listener,
          topic,
          partition,
          error.details as { leaderId?: unknown; leaderEpoch?: unknown },
        )
      : null,
  };
}

/**
 * The error a client is answered with. An AssertionFailure is never answered: it is escalated to
 * the process edge (fatal log, exit) and rethrown, so nothing after it runs on suspect state.
 */
export function asRillError(error: unknown): RillError {
  if (error instanceof RillError) return error;
  if (escalateAssertionFailure(error)) throw error;
  return new RillError("UNKNOWN_SERVER_ERROR", error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}
