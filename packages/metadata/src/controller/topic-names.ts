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

export { topicCollisionKey } from "../image/image-parts.js";
