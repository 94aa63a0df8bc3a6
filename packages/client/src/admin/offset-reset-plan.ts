import { RillError } from "@rill/protocol";
import type { OffsetResetRow, OffsetResetSpec } from "./group-admin-types.js";

/** What the plan needs to know of one partition. */
export interface PartitionOffsetsNow {
  readonly partition: number;
  /** The group's committed offset; -1 when none. */
  readonly committed: number;
  /** The log start offset. */
  readonly earliest: number;
  /** The log end offset (high watermark). */
  readonly latest: number;
  /** For a datetime spec: the first offset at or after the time; -1 when no record is that late. */
  readonly atTime?: number;
}

/**
 * The offsets a reset commits, one row per partition, as Kafka's reset-offsets computes them:
 * the target of the spec clamped into [log start, log end] (an offset outside the log would only
 * be reset again by the consumer). A datetime after every record goes to the log end. A shift
 * needs a committed offset to shift from: a partition without one is an INVALID_REQUEST naming
 * it (nothing is planned rather than a guess).
 */
export function planOffsetReset(
  topic: string,
  spec: OffsetResetSpec,
  partitions: readonly PartitionOffsetsNow[],
): OffsetResetRow[] {
  return [...partitions]
    .sort((left, right) => left.partition - right.partition)
    .map((entry) => {
      const target = targetOf(topic, spec, entry);
      const after = Math.min(entry.latest, Math.max(entry.earliest, target));
      return { topic, partition: entry.partition, before: entry.committed, after };
    });
}

function targetOf(topic: string, spec: OffsetResetSpec, entry: PartitionOffsetsNow): number {
  switch (spec.kind) {
    case "earliest":
      return entry.earliest;
    case "latest":
      return entry.latest;
    case "offset":
      return spec.offset;
    case "datetime":
      return entry.atTime === undefined || entry.atTime < 0 ? entry.latest : entry.atTime;
    case "shift-by":
      if (entry.committed < 0) {
        throw new RillError(
          "INVALID_REQUEST",
          `${topic}-${entry.partition} has no committed offset to shift from; reset it --to-earliest, --to-latest or --to-offset first`,
          { details: { topic, partition: entry.partition } },
        );
      }
      return entry.committed + spec.shift;
  }
}
