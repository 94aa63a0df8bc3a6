/**
 * The topic configs Rill knows, with their types, legal ranges and defaults (Kafka's names and
 * defaults, except where SPEC §8 sets another). A topic config is validated by name and value
 * before any record is written; an unknown name or an illegal value is INVALID_CONFIG.
 */
import { RillError } from "@rill/protocol";

export type ConfigValueType = "long" | "int" | "double" | "boolean" | "string" | "list";

export interface ConfigDefinition {
  readonly type: ConfigValueType;
  readonly defaultValue: string;
  readonly documentation: string;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values (each item, for lists). */
  readonly allowed?: readonly string[];
}

const INT_MAX = 2 ** 31 - 1;

export const TOPIC_CONFIGS: Readonly<Record<string, ConfigDefinition>> = {
  "cleanup.policy": {
    type: "list",
    defaultValue: "delete",
    allowed: ["delete", "compact"],
    documentation: "delete old segments, compact by key, or both",
  },
  "compression.type": {
    type: "string",
    defaultValue: "producer",
    allowed: ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"],
    documentation: "the codec the broker stores batches in; producer keeps the producer's",
  },
  "delete.retention.ms": {
    type: "long",
    defaultValue: "86400000",
    min: 0,
    documentation: "how long tombstones stay in a compacted topic",
  },
  "file.delete.delay.ms": {
    type: "long",
    defaultValue: "60000",
    min: 0,
    documentation: "delay before a deleted segment file is removed",
  },
  "flush.messages": {
    type: "long",
    defaultValue: String(Number.MAX_SAFE_INTEGER),
    min: 1,
    documentation: "fsync after this many records",
  },
  "flush.ms": {
    type: "long",
    defaultValue: String(Number.MAX_SAFE_INTEGER),
    min: 0,
    documentation: "fsync after this many ms",
  },
  "index.interval.bytes": {
    type: "int",
    defaultValue: "4096",
    min: 0,
    max: INT_MAX,
    documentation: "bytes between offset index entries",
  },
  "max.compaction.lag.ms": {
    type: "long",
    defaultValue: String(Number.MAX_SAFE_INTEGER),
    min: 1,
    documentation: "longest a record stays uncompacted",
  },
  "max.message.bytes": {
    type: "int",
    defaultValue: "1048588",
    min: 0,
    max: INT_MAX,
    documentation: "largest record batch the topic accepts",
  },
  "message.timestamp.type": {
    type: "string",
    defaultValue: "CreateTime",
    allowed: ["CreateTime", "LogAppendTime"],
    documentation: "whether records keep the producer's timestamp or get the broker's",
  },
  "message.timestamp.before.max.ms": {
    type: "long",
    defaultValue: String(Number.MAX_SAFE_INTEGER),
    min: 0,
    documentation: "how far in the past a timestamp may be",
  },
  "message.timestamp.after.max.ms": {
    type: "long",
    defaultValue: String(Number.MAX_SAFE_INTEGER),
    min: 0,
    documentation: "how far in the future a timestamp may be",
  },
  "min.cleanable.dirty.ratio": {
    type: "double",
    defaultValue: "0.5",
    min: 0,
    max: 1,
    documentation: "dirty share of the log that triggers compaction",
  },
  "min.compaction.lag.ms": {
    type: "long",
    defaultValue: "0",
    min: 0,
    documentation: "shortest a record stays uncompacted",
  },
  "min.insync.replicas": {
    type: "int",
    defaultValue: "2",
    min: 1,
    max: INT_MAX,
    documentation: "in-sync replicas needed for acks=all",
  },
  preallocate: { type: "boolean", defaultValue: "false", documentation: "preallocate segment files" },
  "retention.bytes": {
    type: "long",
    defaultValue: "-1",
    min: -1,
    documentation: "largest size of a partition before old segments go (-1: no limit)",
  },
  "retention.ms": {
    type: "long",
    defaultValue: "604800000",
    min: -1,
    documentation: "how long segments are kept (-1: forever)",
  },
  "segment.bytes": {
    type: "int",
    defaultValue: "1073741824",
    min: 14,
    max: INT_MAX,
    documentation: "largest size of a segment before it rolls",
  },
  "segment.index.bytes": {
    type: "int",
    defaultValue: "10485760",
    min: 4,
    max: INT_MAX,
    documentation: "largest size of a segment's offset index",
  },
  "segment.jitter.ms": {
    type: "long",
    defaultValue: "0",
    min: 0,
    documentation: "random jitter subtracted from segment.ms",
  },
  "segment.ms": {
    type: "long",
    defaultValue: "604800000",
    min: 1,
    documentation: "longest time before a segment rolls",
  },
  "unclean.leader.election.enable": {
    type: "boolean",
    defaultValue: "false",
    documentation: "elect an out-of-sync replica when no in-sync one is live (may lose data)",
  },
};

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Checks one topic config entry; returns the value normalised (trimmed, lists without blanks).
 * Throws INVALID_CONFIG for an unknown key or an illegal value.
 */
export function validateTopicConfig(key: string, value: string): string {
  const definition = TOPIC_CONFIGS[key];
  if (definition === undefined) {
    throw new RillError("INVALID_CONFIG", `Unknown topic config ${key}`, { details: { key } });
  }
  return validateConfigValue(definition, "topic", key, value);
}

function invalid(scope: string, key: string, value: string, why: string): RillError {
  return new RillError("INVALID_CONFIG", `Invalid value "${value}" for ${scope} config ${key}: ${why}`, {
    details: { key, value },
  });
}

/**
 * Checks one value of a `scope` ("topic", "cluster") config against its definition; returns it
 * normalised (trimmed, lists without blanks). Throws INVALID_CONFIG for an illegal value.
 */
export function validateConfigValue(
  definition: ConfigDefinition,
  scope: string,
  key: string,
  value: string,
): string {
  const trimmed = value.trim();
  switch (definition.type) {
    case "long":
    case "int":
    case "double": {
      const pattern = definition.type === "double" ? DECIMAL : INTEGER;
      const number = Number(trimmed);
      if (!pattern.test(trimmed) || !Number.isFinite(number))
        throw invalid(scope, key, value, `not a ${definition.type}`);
      if (definition.type !== "double" && !Number.isSafeInteger(number))
        throw invalid(scope, key, value, "out of range");
      if (definition.min !== undefined && number < definition.min) {
        throw invalid(scope, key, value, `must be at least ${definition.min}`);
      }
      if (definition.max !== undefined && number > definition.max) {
        throw invalid(scope, key, value, `must be at most ${definition.max}`);
      }
      return trimmed;
    }
    case "boolean": {
      const lower = trimmed.toLowerCase();
      if (lower !== "true" && lower !== "false") throw invalid(scope, key, value, "must be true or false");
      return lower;
    }
    case "string":
      if (definition.allowed !== undefined && !definition.allowed.includes(trimmed)) {
        throw invalid(scope, key, value, `must be one of ${definition.allowed.join(", ")}`);
      }
      return trimmed;
    case "list": {
      const items = trimmed.split(",").map((item) => item.trim());
      if (items.some((item) => item.length === 0)) throw invalid(scope, key, value, "has an empty item");
      for (const item of items) {
        if (definition.allowed !== undefined && !definition.allowed.includes(item)) {
          throw invalid(scope, key, value, `items must be among ${definition.allowed.join(", ")}`);
        }
      }
      if (new Set(items).size !== items.length) throw invalid(scope, key, value, "has a repeated item");
      return items.join(",");
    }
  }
}

/** The effective value of a topic config: the topic's own entry, else the default. */
export function topicConfigValue(configs: ReadonlyMap<string, string>, key: string): string {
  const definition = TOPIC_CONFIGS[key];
  if (definition === undefined) throw new RillError("INVALID_CONFIG", `Unknown topic config ${key}`);
  return configs.get(key) ?? definition.defaultValue;
}
