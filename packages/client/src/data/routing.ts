import type { CommonV1, ErrorName, RillError } from "@rill/protocol";
import { RillError as RillErrorClass } from "@rill/protocol";
import type { MetadataCache } from "../metadata/metadata-cache.js";
import type { RetryDecision } from "../retry/retry-loop.js";

/** Errors after which the partition's metadata is refreshed before the next attempt. */
const REFRESH_ON: ReadonlySet<ErrorName> = new Set<ErrorName>([
  "NOT_LEADER_OR_FOLLOWER",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "REPLICA_NOT_AVAILABLE",
  "NETWORK_EXCEPTION",
  "REQUEST_TIMED_OUT",
  "BROKER_NOT_AVAILABLE",
  "INDETERMINATE",
  "STORAGE_ERROR",
]);

/**
 * The retry decision for an operation routed to a partition leader: take a leader hint when it
 * names a newer leader (go there at once), otherwise mark the topic stale and back off when the
 * error is retriable; anything else fails. BROKER_NOT_AVAILABLE is not retriable in Kafka's
 * table but means "that node is down" here, so it refreshes and retries too.
 */
export function decideForPartition(
  metadata: MetadataCache,
  topic: string,
  partition: number,
  error: RillError,
): RetryDecision {
  if (!REFRESH_ON.has(error.errorName)) return error.retriable ? "backoff" : "fail";
  if (
    (error.errorName === "NOT_LEADER_OR_FOLLOWER" ||
      error.errorName === "FENCED_LEADER_EPOCH" ||
      error.errorName === "INDETERMINATE") &&
    metadata.applyLeaderHint(topic, partition, error.details)
  ) {
    return "redirect";
  }
  metadata.invalidate(topic);
  return "backoff";
}

/** The fields every per-partition answer of a broker carries. */
interface PartitionAnswer {
  readonly errorCode: number;
  readonly errorMessage: string;
  readonly currentLeader: CommonV1.LeaderHint__Output | null;
}

/**
 * The partition's answer when it is a success; throws UNKNOWN_SERVER_ERROR when the broker left
 * the partition out, and the typed partition error (with its leader hint) when it failed.
 */
export function successfulAnswer<Answer extends PartitionAnswer>(
  answer: Answer | undefined,
  topic: string,
  partition: number,
): Answer {
  if (answer === undefined) {
    throw new RillErrorClass(
      "UNKNOWN_SERVER_ERROR",
      `the broker's answer did not mention ${topic}-${partition}`,
    );
  }
  if (answer.errorCode !== 0) {
    throw partitionError(answer.errorCode, answer.errorMessage, topic, partition, answer.currentLeader);
  }
  return answer;
}

/** A per-partition error code of an answer as a typed error, with the leader hint as details. */
export function partitionError(
  code: number,
  message: string,
  topic: string,
  partition: number,
  hint: CommonV1.LeaderHint__Output | null,
): RillError {
  const details: Record<string, unknown> = { topic, partition };
  if (hint !== null && hint.leaderId >= 0) {
    details.leaderId = hint.leaderId;
    details.leaderEpoch = hint.leaderEpoch;
    if (hint.host !== "") details.host = hint.host;
    if (hint.port > 0) details.port = hint.port;
  }
  return RillErrorClass.fromCode(
    code,
    message === "" ? undefined : `${topic}-${partition}: ${message}`,
    details,
  );
}
