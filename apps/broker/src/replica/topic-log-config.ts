import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MetadataImage } from "@rill/metadata";
import type { RillError } from "@rill/protocol";
import {
  type CleanupPolicy,
  type LogConfig,
  NodeFileSystem,
  resolveLogConfig,
  writeFileAtomically,
} from "@rill/storage";
import type { TimestampType } from "./partition-replica.js";

/** Topic configs (Kafka names) that map onto a partition log's settings. */
const NUMERIC_TOPIC_CONFIGS = [
  ["segment.bytes", "segmentBytes"],
  ["segment.ms", "segmentMs"],
  ["retention.ms", "retentionMs"],
  ["retention.bytes", "retentionBytes"],
  ["max.message.bytes", "maxMessageBytes"],
  ["delete.retention.ms", "deleteRetentionMs"],
  ["index.interval.bytes", "indexIntervalBytes"],
  ["segment.index.bytes", "segmentIndexBytes"],
  ["min.compaction.lag.ms", "minCompactionLagMs"],
  ["max.compaction.lag.ms", "maxCompactionLagMs"],
] as const;

/**
 * The log settings a topic sets explicitly in the image (defaults stay with the broker's log
 * config). Values were validated by the controller; one that still does not parse is skipped.
 */
export function topicLogConfig(image: MetadataImage, topic: string): Partial<LogConfig> {
  const configs = image.configsOf({ type: "topic", name: topic });
  const result: { -readonly [K in keyof LogConfig]?: LogConfig[K] } = {};
  for (const [name, field] of NUMERIC_TOPIC_CONFIGS) {
    const raw = configs.get(name);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (Number.isSafeInteger(value)) result[field] = value;
  }
  const dirtyRatio = Number(configs.get("min.cleanable.dirty.ratio") ?? Number.NaN);
  if (Number.isFinite(dirtyRatio)) result.minCleanableDirtyRatio = dirtyRatio;
  const cleanup = configs.get("cleanup.policy");
  if (cleanup !== undefined) {
    const parts = new Set(cleanup.split(",").map((part) => part.trim()));
    const policy: CleanupPolicy =
      parts.has("compact") && parts.has("delete")
        ? "compact,delete"
        : parts.has("compact")
          ? "compact"
          : "delete";
    result.cleanupPolicy = policy;
  }
  return result;
}

/**
 * message.timestamp.type of a topic: LogAppendTime makes the leader stamp each batch with its
 * append time; anything else (the default, or a value the controller would refuse) is CreateTime.
 */
export function topicTimestampType(image: MetadataImage, topic: string): TimestampType {
  const value = image.configsOf({ type: "topic", name: topic }).get("message.timestamp.type");
  return value === "LogAppendTime" ? "LogAppendTime" : "CreateTime";
}

/**
 * The topic's log settings that are valid over the broker's `defaults`, one by one; each one
 * that is not is left out and reported to `onInvalid`. The controller checks topic configs by
 * Kafka's bounds, and the log's can be narrower (max.message.bytes=0, segment.index.bytes=4):
 * such a value must not take the log offline, nor drag the topic's other settings (say
 * cleanup.policy=compact) down with it.
 */
export function validTopicLogConfig(
  defaults: Partial<LogConfig>,
  topicConfig: Partial<LogConfig>,
  onInvalid: (error: RillError) => void,
): Partial<LogConfig> {
  let accepted: Partial<LogConfig> = {};
  for (const [field, value] of Object.entries(topicConfig)) {
    const candidate = { ...accepted, [field]: value };
    try {
      resolveLogConfig({ ...defaults, ...candidate });
      accepted = candidate;
    } catch (error) {
      onInvalid(error as RillError);
    }
  }
  return accepted;
}

/** Kafka's `partition.metadata`: which topic id a partition directory belongs to. */
export const TOPIC_ID_FILE = "partition.metadata";

/**
 * Records `topicId` as the owner of the partition directory, or checks it: false when the
 * directory was written for another topic id (a deleted topic re-created under the same name).
 */
export async function claimTopicId(directory: string, topicId: string): Promise<boolean> {
  const path = join(directory, TOPIC_ID_FILE);
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing !== undefined) {
    const match = /^topic_id: (.+)$/m.exec(existing);
    if (match !== null) return match[1] === topicId;
  }
  await writeFileAtomically(
    new NodeFileSystem(),
    path,
    Buffer.from(`version: 0\ntopic_id: ${topicId}\n`, "utf8"),
  );
  return true;
}
