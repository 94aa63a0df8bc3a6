import { invariant } from "../invariant.js";
import type { Offset } from "../types.js";
import type { ProducerBatchHeader } from "./producer-batch.js";
import { ProducerStateManager } from "./producer-state-manager.js";
import { decodeProducerSnapshot } from "./snapshot.js";

/**
 * Recovery and follower promotion (Kafka's loadProducerState): start from the latest snapshot
 * (or nothing) and replay the batch headers the driver scans from the log. Batches the snapshot
 * already covers (below its end offset) are skipped, so the driver may scan from any offset at or
 * below it; batches at or past `upToOffset` are ignored (truncation: rebuild "as of" an offset).
 *
 * A snapshot that fails to decode throws CORRUPT_MESSAGE; the caller retries with an older one or
 * none (and scans the whole log).
 */
export function rebuildProducerState(input: {
  readonly snapshot?: Uint8Array | undefined;
  readonly batches: Iterable<ProducerBatchHeader>;
  readonly upToOffset?: Offset;
}): ProducerStateManager {
  const state =
    input.snapshot === undefined ? new ProducerStateManager() : decodeProducerSnapshot(input.snapshot);
  const limit = input.upToOffset ?? Number.POSITIVE_INFINITY;
  invariant(
    state.endOffset <= limit,
    () => `snapshot at ${state.endOffset} is past the rebuild limit ${limit}`,
  );
  for (const batch of input.batches) {
    if (batch.baseOffset < state.endOffset) continue;
    if (batch.baseOffset + batch.lastOffsetDelta >= limit) break;
    state.applyBatch(batch);
  }
  return state;
}
