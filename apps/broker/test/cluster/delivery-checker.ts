/**
 * Checks a produce/consume history the way a Jepsen-style checker would, for one partition:
 * every record the producer was told is committed (acknowledged with an offset) must be read
 * back exactly once, at that offset, and the acknowledged records must appear in the order they
 * were sent. Records whose outcome was indeterminate (timeout, lost connection) may appear at
 * most once; they are neither lost nor duplicated by being absent.
 */
export interface AcknowledgedRecord {
  /** A value unique across the whole run. */
  readonly value: string;
  readonly offset: number;
}

export interface ConsumedRecord {
  readonly value: string;
  readonly offset: number;
}

export interface DeliveryReport {
  readonly acknowledged: number;
  readonly indeterminate: number;
  readonly consumed: number;
  /** Acknowledged, never read back. */
  readonly lost: string[];
  /** Read back more than once (acknowledged or indeterminate). */
  readonly duplicated: string[];
  /** Read back at an offset other than the one acknowledged. */
  readonly misplaced: { value: string; acknowledgedOffset: number; readOffset: number }[];
  /** Acknowledged records whose read order differs from their send order. */
  readonly reordered: string[];
  /** Read back, but never sent (corruption). */
  readonly unknown: string[];
  /** Offsets read back out of increasing order. */
  readonly nonMonotonicOffsets: number;
}

export function checkDelivery(input: {
  /** In send order. */
  readonly sent: readonly string[];
  readonly acknowledged: readonly AcknowledgedRecord[];
  readonly indeterminate: readonly string[];
  /** In the order read. */
  readonly consumed: readonly ConsumedRecord[];
}): DeliveryReport {
  const sendIndex = new Map(input.sent.map((value, index) => [value, index]));
  const readCount = new Map<string, number>();
  const readOffset = new Map<string, number>();
  let nonMonotonicOffsets = 0;
  let previousOffset = -1;
  const unknown: string[] = [];
  for (const record of input.consumed) {
    if (record.offset <= previousOffset) nonMonotonicOffsets += 1;
    previousOffset = record.offset;
    if (!sendIndex.has(record.value)) unknown.push(record.value);
    readCount.set(record.value, (readCount.get(record.value) ?? 0) + 1);
    if (!readOffset.has(record.value)) readOffset.set(record.value, record.offset);
  }
  const lost: string[] = [];
  const misplaced: DeliveryReport["misplaced"] = [];
  for (const { value, offset } of input.acknowledged) {
    const at = readOffset.get(value);
    if (at === undefined) lost.push(value);
    else if (at !== offset) misplaced.push({ value, acknowledgedOffset: offset, readOffset: at });
  }
  const duplicated = [...readCount].filter(([, count]) => count > 1).map(([value]) => value);
  // Acknowledged records, in read order, must have increasing send indexes.
  const acknowledgedValues = new Set(input.acknowledged.map((record) => record.value));
  const reordered: string[] = [];
  let highestSendIndex = -1;
  for (const record of input.consumed) {
    if (!acknowledgedValues.has(record.value)) continue;
    const index = sendIndex.get(record.value) ?? -1;
    if (index < highestSendIndex) reordered.push(record.value);
    highestSendIndex = Math.max(highestSendIndex, index);
  }
  return {
    acknowledged: input.acknowledged.length,
    indeterminate: input.indeterminate.length,
    consumed: input.consumed.length,
    lost,
    duplicated,
    misplaced,
    reordered,
    unknown,
    nonMonotonicOffsets,
  };
}
