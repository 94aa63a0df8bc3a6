import { offsetMax, offsetMin } from "@rill/protocol/ids";
import type { NodeId, Offset } from "../types.js";

/**
 * The high watermark a leader may expose: the minimum over the maximal ISR (committed ISR plus
 * any member an in-flight AlterPartition adds) of each member's DURABLE end — the leader's flushed
 * offset, a follower's reported durable offset. A member whose durable end is unknown (it has not
 * fetched in this leader epoch) holds the watermark where it is. Never below `current`: the
 * watermark only moves forward (callers keep the larger).
 *
 * Why durable only: a record below the watermark is acknowledged to acks=all producers and
 * visible to consumers, so it must survive the simultaneous power loss of every ISR member.
 */
export function computeHighWatermark(input: {
  readonly current: Offset;
  readonly maximalIsr: Iterable<NodeId>;
  readonly durableOffsetOf: (replicaId: NodeId) => Offset | undefined;
}): Offset {
  let candidate: Offset | undefined;
  for (const replicaId of input.maximalIsr) {
    const durable = input.durableOffsetOf(replicaId);
    if (durable === undefined) return input.current;
    candidate = candidate === undefined ? durable : offsetMin(candidate, durable);
  }
  if (candidate === undefined) return input.current;
  return offsetMax(input.current, candidate);
}
