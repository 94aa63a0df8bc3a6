import { decodeRecordBatch, iterateRecordBatches, setBaseOffset } from "@rill/protocol";

/*
 * One partition of the fake cluster (see FakeCluster): its leadership, its stored batches, and
 * the idempotent producers' sequences, with the broker's append and duplicate rules cut down.
 */

export interface FakePartition {
  leaderId: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  /** Stored batches, offsets stamped. */
  batches: Uint8Array[];
  nextOffset: number;
  /**
   * Idempotent producers seen, by producer id: the last sequence appended and the last 5
   * batches (first and last sequence, base offset), as the broker's ProducerStateManager keeps.
   */
  producers?: Map<
    number,
    { epoch: number; lastSequence: number; recent: { first: number; last: number; baseOffset: number }[] }
  >;
}

/**
 * Appends the batches of `records` to the partition (copies, offsets stamped), remembering
 * their producer sequences; returns the base offset of the first.
 */
export function appendBatches(state: FakePartition, records: Uint8Array): number {
  const baseOffset = state.nextOffset;
  let position = 0;
  for (const header of iterateRecordBatches(records)) {
    recordSequence(state, header, state.nextOffset);
    const copy = Uint8Array.from(records.subarray(position, position + header.sizeInBytes));
    setBaseOffset(copy, 0, state.nextOffset);
    state.batches.push(copy);
    state.nextOffset += header.lastOffsetDelta + 1;
    position += header.sizeInBytes;
  }
  return baseOffset;
}

/** ListOffsets by time: the first record whose timestamp is at or after `timestampMs`. */
export function firstRecordAtOrAfter(
  state: FakePartition,
  timestampMs: number,
): { offset: number; timestamp: number } | undefined {
  for (const batch of state.batches) {
    for (const record of decodeRecordBatch(batch).records) {
      if (record.timestamp >= timestampMs) return { offset: record.offset, timestamp: record.timestamp };
    }
  }
  return undefined;
}

/** Most recent batches per producer the fake remembers for duplicates (the broker keeps 5). */
const fakeRecentBatchesMax = 5;

interface SequencedHeader {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly lastOffsetDelta: number;
}

/**
 * The broker's idempotence rules, cut down: a batch with a producer id must carry the next
 * sequence (0 for a new producer or epoch), a repeat of one of the last 5 batches is answered
 * with its offsets and not appended again, anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.
 * Only the first batch of a request's records is checked (producers send one per partition).
 */
export function checkSequences(
  state: FakePartition,
  records: Uint8Array,
): { errorCode: number; duplicateOf: number } {
  const [header] = iterateRecordBatches(records);
  if (header === undefined || header.producerId < 0) return { errorCode: 0, duplicateOf: -1 };
  const known = state.producers?.get(header.producerId);
  const last = header.baseSequence + header.lastOffsetDelta;
  if (known !== undefined && known.epoch === header.producerEpoch) {
    const repeat = known.recent.find((batch) => batch.first === header.baseSequence && batch.last === last);
    if (repeat !== undefined) return { errorCode: 0, duplicateOf: repeat.baseOffset };
    return header.baseSequence === known.lastSequence + 1
      ? { errorCode: 0, duplicateOf: -1 }
      : { errorCode: 45, duplicateOf: -1 };
  }
  return header.baseSequence === 0 ? { errorCode: 0, duplicateOf: -1 } : { errorCode: 45, duplicateOf: -1 };
}

function recordSequence(state: FakePartition, header: SequencedHeader, baseOffset: number): void {
  if (header.producerId < 0) return;
  state.producers ??= new Map();
  let known = state.producers.get(header.producerId);
  if (known === undefined || known.epoch !== header.producerEpoch) {
    known = { epoch: header.producerEpoch, lastSequence: -1, recent: [] };
    state.producers.set(header.producerId, known);
  }
  const last = header.baseSequence + header.lastOffsetDelta;
  known.lastSequence = last;
  known.recent.push({ first: header.baseSequence, last, baseOffset });
  if (known.recent.length > fakeRecentBatchesMax) known.recent.shift();
}
