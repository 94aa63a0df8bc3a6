/**
 * Kafka's legal topic names: [a-zA-Z0-9._-], 1..249 characters, not "." or "..". Names that
 * differ only by '.' versus '_' collide (metric names cannot tell them apart).
 */
import { RillError } from "@rill/protocol";

export const TOPIC_NAME_LENGTH_MAX = 249;

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

/** Throws INVALID_TOPIC_EXCEPTION when `name` is not a legal topic name. */
export function validateTopicName(name: string): void {
  if (name.length === 0) throw new RillError("INVALID_TOPIC_EXCEPTION", "The topic name is empty");
  if (name === "." || name === "..") {
    throw new RillError("INVALID_TOPIC_EXCEPTION", `The topic name cannot be "${name}"`);
  }
  if (name.length > TOPIC_NAME_LENGTH_MAX) {
    throw new RillError(
      "INVALID_TOPIC_EXCEPTION",
      `The topic name is ${name.length} characters; at most ${TOPIC_NAME_LENGTH_MAX} are allowed`,
    );
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    throw new RillError(
      "INVALID_TOPIC_EXCEPTION",
      `The topic name "${name}" has characters other than ASCII letters, digits, '.', '_' and '-'`,
    );
  }
}

/** Names starting with this are reserved for internal topics (Kafka's `__consumer_offsets`). */
export const INTERNAL_TOPIC_PREFIX = "__";

export function isInternalTopicName(name: string): boolean {
  return name.startsWith(INTERNAL_TOPIC_PREFIX);
}

/**
 * Throws INVALID_TOPIC_EXCEPTION for a reserved name created by a user: the `__` prefix belongs
 * to topics the cluster creates itself (CreateTopicRequest.internal).
 */
export function refuseReservedTopicName(name: string): void {
  if (isInternalTopicName(name)) {
    throw new RillError(
      "INVALID_TOPIC_EXCEPTION",
      `The topic name "${name}" starts with "${INTERNAL_TOPIC_PREFIX}", which is reserved for internal topics such as __consumer_offsets`,
    );
  }
}

export { topicCollisionKey } from "../image/image-parts.js";
