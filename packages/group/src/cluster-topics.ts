import { RillError } from "@rill/protocol";

/** What the coordinator needs to know of one topic (from the broker's metadata image). */
export interface TopicDescription {
  readonly partitionCount: number;
  /**
   * The racks of each partition's replicas (index = partition), for rack-aware assignment; empty
   * when no broker has a rack.
   */
  readonly partitionRacks: readonly (readonly string[])[];
}

/** The topics of the cluster by name, as the coordinator sees them now. */
export type ClusterTopics = ReadonlyMap<string, TopicDescription>;

/** Internal topics (`__consumer_offsets`) are never matched by a regex subscription. */
const INTERNAL_TOPIC_PREFIX = "__";

/** Longest subscription regex accepted (a named limit: the pattern is compiled per group). */
export const SUBSCRIPTION_REGEX_LENGTH_MAX = 1_024;

/** Compiles a subscription regex (JavaScript syntax, anchored at both ends); INVALID_REQUEST when bad. */
export function compileSubscriptionRegex(source: string): RegExp {
  if (source.length > SUBSCRIPTION_REGEX_LENGTH_MAX) {
    throw new RillError(
      "INVALID_REQUEST",
      `the subscription regex is ${source.length} characters, more than ${SUBSCRIPTION_REGEX_LENGTH_MAX}`,
    );
  }
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch (error) {
    throw new RillError(
      "INVALID_REQUEST",
      `the subscription regex ${JSON.stringify(source)} is invalid: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A member's subscription: by names, or by a regex (then the names are ignored). */
export interface Subscription {
  readonly topicNames: readonly string[];
  /** Empty when subscribed by names. */
  readonly topicRegex: string;
}

/** Distinct subscriptions remembered per topics view (a named bound on the memo below). */
const RESOLVED_SUBSCRIPTIONS_MAX = 1_024;

/**
 * Resolutions per topics view: every heartbeat of every member resolves every member's
 * subscription, and the view only changes with the metadata image (the broker builds one per
 * image), so a regex is tested against the topic names once per image, not once per heartbeat.
 */
const resolved = new WeakMap<ClusterTopics, Map<string, readonly string[]>>();

/**
 * The existing topics a subscription covers now, sorted: named topics that exist, or every
 * non-internal topic matching the regex. New topics and new partitions show up here as soon as
 * the metadata image has them.
 */
export function resolveSubscription(subscription: Subscription, topics: ClusterTopics): readonly string[] {
  const key =
    subscription.topicRegex !== ""
      ? `regex:${subscription.topicRegex}`
      : `names:${subscription.topicNames.join("\u0000")}`;
  let memo = resolved.get(topics);
  if (memo === undefined) {
    memo = new Map();
    resolved.set(topics, memo);
  }
  const known = memo.get(key);
  if (known !== undefined) return known;
  const names = resolveNow(subscription, topics);
  if (memo.size >= RESOLVED_SUBSCRIPTIONS_MAX) memo.clear();
  memo.set(key, names);
  return names;
}

function resolveNow(subscription: Subscription, topics: ClusterTopics): readonly string[] {
  if (subscription.topicRegex !== "") {
    const regex = compileSubscriptionRegex(subscription.topicRegex);
    return [...topics.keys()]
      .filter((name) => !name.startsWith(INTERNAL_TOPIC_PREFIX) && regex.test(name))
      .sort();
  }
  return [...new Set(subscription.topicNames)].filter((name) => topics.has(name)).sort();
}
