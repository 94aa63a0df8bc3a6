/**
 * The errors a partition request is answered with: leader hints (where the client should go
 * next), the per-partition error fields of a response, and `asRillError` (every failure as the
 * typed error a client gets; an assertion failure is never answered).
 */
import type { MetadataImage } from "@rill/metadata";
import { type CommonV1, escalateAssertionFailure, RillError } from "@rill/protocol";

/**
 * host:port of a broker's inter-broker listener from its registration in the image, or undefined
 * when unknown. A broker registers that listener first (server/listeners.ts), so it is the first
 * endpoint whatever the listeners are called.
 */
export function brokerAddress(
  image: MetadataImage,
  brokerId: number,
): { host: string; port: number } | undefined {
  const first = image.brokers.get(brokerId)?.endpoints[0];
  return first === undefined ? undefined : { host: first.host, port: first.port };
}

/** The partition's current leader as the image knows it, as a wire hint. */
export function leaderHint(
  image: MetadataImage,
  topic: string,
  partition: number,
  override?: { leaderId?: unknown; leaderEpoch?: unknown },
): CommonV1.LeaderHint {
  const registration = image.topicByName(topic)?.partitions.get(partition);
  const leaderId = typeof override?.leaderId === "number" ? override.leaderId : (registration?.leader ?? -1);
  const leaderEpoch =
    typeof override?.leaderEpoch === "number" ? override.leaderEpoch : (registration?.leaderEpoch ?? -1);
  const address = leaderId >= 0 ? brokerAddress(image, leaderId) : undefined;
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
  topic: string,
  partition: number,
  error: RillError,
): { errorCode: number; errorMessage: string; currentLeader: CommonV1.LeaderHint | null } {
  return {
    errorCode: error.code,
    errorMessage: error.message,
    currentLeader: HINTED_ERRORS.has(error.errorName)
      ? leaderHint(image, topic, partition, error.details as { leaderId?: unknown; leaderEpoch?: unknown })
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
