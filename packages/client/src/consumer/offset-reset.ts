import { RillError } from "@rill/protocol";
import type { DataClient } from "../data/data-client.js";
import type { IsolationLevel } from "../data/data-types.js";
import type { AutoOffsetReset, StartPosition } from "./consumer-types.js";

/** What a position look-up needs. */
export interface OffsetLookup {
  readonly data: DataClient;
  readonly isolationLevel: IsolationLevel;
  readonly timeoutMs: number;
}

/**
 * The offset a start position names: an offset as given, the log start or the high watermark
 * (ListOffsets), or the first record at or after a timestamp. A timestamp after every record
 * resolves to the high watermark (Kafka's offsetsForTimes gives null there; a consumer then
 * waits for new records, which is what "from this time on" means).
 */
export async function resolveStartOffset(
  lookup: OffsetLookup,
  topic: string,
  partition: number,
  start: StartPosition,
): Promise<number> {
  if (typeof start === "number") {
    if (!(Number.isSafeInteger(start) && start >= 0)) {
      throw new RillError(
        "INVALID_REQUEST",
        `offset ${start} for ${topic}-${partition} is not an integer >= 0`,
      );
    }
    return start;
  }
  if (typeof start === "object" && start !== null) {
    const { timestamp } = start;
    if (!(Number.isSafeInteger(timestamp) && timestamp >= 0)) {
      throw new RillError("INVALID_TIMESTAMP", `timestamp ${timestamp} is not an integer >= 0 (Unix ms)`);
    }
    const found = await lookup.data.listOffsets({
      topic,
      partition,
      spec: { timestampMs: timestamp },
      isolationLevel: lookup.isolationLevel,
      timeoutMs: lookup.timeoutMs,
    });
    if (found.offset >= 0) return found.offset;
    return resolveStartOffset(lookup, topic, partition, "latest");
  }
  if (start !== "earliest" && start !== "latest") {
    throw new RillError(
      "INVALID_REQUEST",
      `start position ${JSON.stringify(start)} is not an offset, "earliest", "latest" or { timestamp }`,
    );
  }
  const found = await lookup.data.listOffsets({
    topic,
    partition,
    spec: start,
    isolationLevel: lookup.isolationLevel,
    timeoutMs: lookup.timeoutMs,
  });
  return found.offset;
}

/**
 * Where an out-of-range position goes under `policy` (Kafka auto.offset.reset); with "none" the
 * typed OFFSET_OUT_OF_RANGE error the consumer stops with.
 */
export function resetPositionFor(
  policy: AutoOffsetReset,
  topic: string,
  partition: number,
  offset: number,
  cause: RillError,
): "earliest" | "latest" {
  if (policy === "earliest" || policy === "latest") return policy;
  throw new RillError(
    "OFFSET_OUT_OF_RANGE",
    `${topic}-${partition}: offset ${offset} is outside the log and autoOffsetReset is "none"; seek to a valid offset`,
    { cause, details: { topic, partition, offset } },
  );
}
