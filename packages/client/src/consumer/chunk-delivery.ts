import type { ConsumerRecord, RunOptions } from "./consumer-types.js";
import type { FetchedChunk, PartitionState } from "./partition-state.js";

/**
 * Hands one fetched chunk of `state` to the application: record by record to `eachMessage`, or
 * the undelivered rest at once to `eachBatch`, moving `chunk.next` and `state.position` as the
 * records are processed (`resolveOffset` moves them early). Stops early, keeping the rest, once
 * the partition is sought, paused or unassigned (its generation changed) or `stopping()` says
 * so. The caller drops the chunk from the buffer when it is fully delivered.
 */
export async function deliverChunk(
  state: PartitionState,
  chunk: FetchedChunk,
  options: RunOptions,
  stopping: () => boolean,
): Promise<void> {
  const generation = state.generation;
  const live = (): boolean => state.generation === generation && !state.paused && !stopping();
  if (options.eachMessage !== undefined) {
    while (chunk.next < chunk.records.length && live()) {
      const message = chunk.records[chunk.next] as ConsumerRecord;
      await options.eachMessage({ topic: state.topic, partition: state.partition, message });
      if (state.generation !== generation) return;
      chunk.next += 1;
      state.position = message.offset + 1;
    }
  } else if (options.eachBatch !== undefined) {
    const messages = chunk.records.slice(chunk.next);
    let resolved: number | undefined;
    const advance = (offset: number): void => {
      if (state.generation !== generation) return;
      while (
        chunk.next < chunk.records.length &&
        (chunk.records[chunk.next] as ConsumerRecord).offset <= offset
      ) {
        chunk.next += 1;
      }
      state.position = Math.max(state.position, offset + 1);
    };
    await options.eachBatch({
      topic: state.topic,
      partition: state.partition,
      messages,
      highWatermark: chunk.highWatermark,
      resolveOffset: (offset) => {
        resolved = offset;
        advance(offset);
      },
      isRunning: live,
    });
    const last = messages[messages.length - 1];
    if (resolved === undefined && last !== undefined) advance(last.offset);
  }
}
