/**
 * The broker's per-process log defaults: the `log.*` keys of its config (Kafka's broker names)
 * over storage's DEFAULT_LOG_CONFIG, validated once at start-up by storage's own rules. Topic
 * configs from the metadata image are layered on top of the result, per log.
 */

import { isRillError } from "@rill/protocol";
import { ConfigError, type ConfigSource, describeSource } from "@rill/runtime";
import { type LogConfig, resolveLogConfig } from "@rill/storage";
import type { BrokerConfig } from "./config.js";

/** Broker key → [LogConfig field, the topic config name storage's validation reports]. */
const LOG_DEFAULT_KEYS = {
  "log.segment.bytes": ["segmentBytes", "segment.bytes"],
  "log.roll.ms": ["segmentMs", "segment.ms"],
  "log.retention.ms": ["retentionMs", "retention.ms"],
  "log.retention.bytes": ["retentionBytes", "retention.bytes"],
  "log.cleanup.policy": ["cleanupPolicy", "cleanup.policy"],
  "log.cleaner.delete.retention.ms": ["deleteRetentionMs", "delete.retention.ms"],
  "log.cleaner.min.cleanable.ratio": ["minCleanableDirtyRatio", "min.cleanable.dirty.ratio"],
  "log.cleaner.min.compaction.lag.ms": ["minCompactionLagMs", "min.compaction.lag.ms"],
  "log.cleaner.max.compaction.lag.ms": ["maxCompactionLagMs", "max.compaction.lag.ms"],
  "message.max.bytes": ["maxMessageBytes", "max.message.bytes"],
  "log.index.interval.bytes": ["indexIntervalBytes", "index.interval.bytes"],
  "log.index.size.max.bytes": ["segmentIndexBytes", "segment.index.bytes"],
} as const satisfies Record<string, readonly [keyof LogConfig, string]>;

type LogDefaultKey = keyof typeof LOG_DEFAULT_KEYS;

/**
 * The log config every partition starts from. A value storage refuses is a ConfigError naming
 * the broker key, its value and where it came from (file, env or flag), like any bad config.
 */
export function brokerLogDefaults(
  config: Pick<BrokerConfig, LogDefaultKey>,
  sources: Partial<Record<string, ConfigSource | undefined>> = {},
): LogConfig {
  const overrides: { -readonly [K in keyof LogConfig]?: LogConfig[K] } = {};
  for (const [key, [field]] of Object.entries(LOG_DEFAULT_KEYS) as [
    LogDefaultKey,
    (typeof LOG_DEFAULT_KEYS)[LogDefaultKey],
  ][]) {
    const value = config[key];
    if (value !== undefined) (overrides as Record<string, unknown>)[field] = value;
  }
  try {
    return resolveLogConfig(overrides);
  } catch (error) {
    if (!isRillError(error, "INVALID_CONFIG")) throw error;
    const named = error.details.name;
    const entry = Object.entries(LOG_DEFAULT_KEYS).find(([, [, topicName]]) => topicName === named);
    if (entry === undefined) throw error;
    const [key] = entry as [LogDefaultKey, unknown];
    const source = sources[key];
    const from = source === undefined ? "" : ` from ${describeSource(source)}`;
    throw new ConfigError([
      { key, source, message: `${key} = '${String(config[key])}'${from}: ${error.message}` },
    ]);
  }
}
