import { describe, expect, it } from "vitest";
import { Accumulator, recordSizeBytes } from "../src/producer/accumulator.js";
import type { PendingRecord, ProducerBatch } from "../src/producer/producer-batch.js";

const maxInFlight = 5;

function accumulator(options: { lingerMs: number; batchSize?: number }): Accumulator {
  const batchSize = options.batchSize ?? 16 * 1024;
  return new Accumulator({
    batchSize,
    backlogBatchSize: batchSize,
    lingerMs: options.lingerMs,
    onBatchClosed: () => undefined,
  });
}

function record(value: string): PendingRecord {
  const bytes = new TextEncoder().encode(value);
  return {
    record: { key: null, value: bytes, timestamp: 0 },
    bytes: recordSizeBytes({ key: null, value: bytes }),
    settle: () => undefined,
  };
}

function append(into: Accumulator, value: string, nowMs = 0): void {
  into.append({
    topic: "t",
    partition: 0,
    acks: "all",
    compression: "none",
    record: record(value),
    nowMs,
    abortOnNewBatch: false,
  });
}

/** The one batch ready now (the test's premise). */
function onlyReady(from: Accumulator, nowMs = 0): ProducerBatch {
  const ready = from.ready(nowMs, false, maxInFlight);
  expect(ready).toHaveLength(1);
  return ready[0] as ProducerBatch;
}

const values = (batches: readonly { records: readonly PendingRecord[] }[]) =>
  batches.map((batch) =>
    batch.records.map((pending) => new TextDecoder().decode(pending.record.value ?? undefined)),
  );

describe("Accumulator: records that arrive while their partition has a batch in flight", () => {
  it("wait in one open batch for the answer (linger.ms 0), then go out together", () => {
    const batches = accumulator({ lingerMs: 0 });
    append(batches, "a");
    const first = onlyReady(batches);
    expect(values([first])).toEqual([["a"]]);
    batches.take(first);
    for (const value of ["b", "c", "d"]) append(batches, value);
    // In-flight room is there, but the open batch waits for the answer; no timer is needed for it.
    expect(batches.ready(0, false, maxInFlight)).toEqual([]);
    expect(batches.ready(1_000, false, maxInFlight)).toEqual([]);
    expect(batches.nextReadyMs(0, maxInFlight)).toBe(Number.POSITIVE_INFINITY);
    batches.remove(first); // answered
    expect(values(batches.ready(0, false, maxInFlight))).toEqual([["b", "c", "d"]]);
  });

  it("a full batch still goes out behind one in flight, up to max.in.flight; a flush sends the open one", () => {
    // batch.size fits two records: "b" + "c" fill a batch, "d" opens the next.
    const batches = accumulator({
      lingerMs: 0,
      batchSize: 2 * recordSizeBytes({ key: null, value: new Uint8Array(1) }),
    });
    append(batches, "a");
    batches.take(onlyReady(batches));
    for (const value of ["b", "c", "d"]) append(batches, value);
    expect(values(batches.ready(0, false, maxInFlight))).toEqual([["b", "c"]]);
    expect(values(batches.ready(0, true, maxInFlight))).toEqual([["b", "c"], ["d"]]);
    // With one slot in flight only, the full batch waits for it as before.
    expect(batches.ready(0, false, 1)).toEqual([]);
  });

  it("an open batch behind a full one sent in the same pass waits too", () => {
    const batches = accumulator({
      lingerMs: 0,
      batchSize: 2 * recordSizeBytes({ key: null, value: new Uint8Array(1) }),
    });
    for (const value of ["a", "b", "c"]) append(batches, value);
    expect(values(batches.ready(0, false, maxInFlight))).toEqual([["a", "b"]]);
  });

  it("with linger.ms 5 an open batch with nothing in flight goes at its linger end, as before", () => {
    const batches = accumulator({ lingerMs: 5 });
    append(batches, "a", 100);
    expect(batches.ready(104, false, maxInFlight)).toEqual([]);
    expect(batches.nextReadyMs(100, maxInFlight)).toBe(105);
    expect(values(batches.ready(105, false, maxInFlight))).toEqual([["a"]]);
  });
});
