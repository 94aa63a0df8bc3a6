import { RillError } from "@rill/protocol";
import type { IsolationLevel } from "../data/data-types.js";
import type { AutoOffsetReset, ConsumerOptions } from "./consumer-types.js";

export const consumerDefaults = {
  /** Kafka fetch.max.bytes. */
  fetchMaxBytes: 50 * 1024 * 1024,
  /** Kafka max.partition.fetch.bytes. */
  maxPartitionFetchBytes: 1024 * 1024,
  autoOffsetReset: "latest",
  isolationLevel: "read_uncommitted",
  operationTimeoutMs: 30_000,
  partitionsConsumedConcurrently: 1,
  /** The most partitions one consumer may be assigned (the broker's per-stream bound is larger). */
  assignedPartitionsMax: 10_000,
} as const;

/** The consumer options that shape its fetching, with defaults, each checked (INVALID_CONFIG). */
export interface ConsumerSettings {
  readonly fetchMaxBytes: number;
  readonly maxPartitionFetchBytes: number;
  readonly autoOffsetReset: AutoOffsetReset;
  readonly isolationLevel: IsolationLevel;
  readonly operationTimeoutMs: number;
}

/** The settings of `options`; a bad value is INVALID_CONFIG before anything is built. */
export function consumerSettings(options: ConsumerOptions): ConsumerSettings {
  const fetchMaxBytes = options.fetchMaxBytes ?? consumerDefaults.fetchMaxBytes;
  const maxPartitionFetchBytes = options.maxPartitionFetchBytes ?? consumerDefaults.maxPartitionFetchBytes;
  requirePositiveInteger(fetchMaxBytes, "fetchMaxBytes");
  requirePositiveInteger(maxPartitionFetchBytes, "maxPartitionFetchBytes");
  const autoOffsetReset = options.autoOffsetReset ?? consumerDefaults.autoOffsetReset;
  if (!["earliest", "latest", "none"].includes(autoOffsetReset)) {
    throw new RillError(
      "INVALID_CONFIG",
      `autoOffsetReset must be "earliest", "latest" or "none", got ${JSON.stringify(autoOffsetReset)}`,
    );
  }
  const isolationLevel = options.isolationLevel ?? consumerDefaults.isolationLevel;
  if (isolationLevel !== "read_uncommitted" && isolationLevel !== "read_committed") {
    throw new RillError(
      "INVALID_CONFIG",
      `isolationLevel must be "read_uncommitted" or "read_committed", got ${JSON.stringify(isolationLevel)}`,
    );
  }
  const operationTimeoutMs = options.operationTimeoutMs ?? consumerDefaults.operationTimeoutMs;
  requirePositiveInteger(operationTimeoutMs, "operationTimeoutMs");
  return { fetchMaxBytes, maxPartitionFetchBytes, autoOffsetReset, isolationLevel, operationTimeoutMs };
}

/** INVALID_CONFIG unless `value` is a safe integer >= 1. */
export function requirePositiveInteger(value: number, name: string): void {
  if (!(Number.isSafeInteger(value) && value >= 1)) {
    throw new RillError("INVALID_CONFIG", `${name} must be an integer >= 1, got ${value}`);
  }
}
