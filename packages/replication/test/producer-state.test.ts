import { offset as toOffset } from "@rill/protocol/ids";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeProducerSnapshot,
  encodeProducerSnapshot,
  incrementSequence,
  isNextSequence,
  type ProducerBatchHeader,
  ProducerStateManager,
  rebuildProducerState,
  SEQUENCE_MAX,
} from "../src/index.js";

/** Checks and applies a batch the way a leader does; returns the check. */
function produce(
  state: ProducerStateManager,
  batch: { producerId: number; producerEpoch: number; baseSequence: number; records: number },
  log: ProducerBatchHeader[],
  timestampMs = 0,
) {
  const info = { ...batch, lastOffsetDelta: batch.records - 1 };
  const check = state.checkBatch(info);
  if (check.kind === "append") {
    const header = { ...info, baseOffset: state.endOffset, maxTimestampMs: timestampMs };
    state.applyBatch(header);
    log.push(header);
  }
  return check;
}

const errorName = (check: ReturnType<ProducerStateManager["checkBatch"]>) =>
  check.kind === "error" ? check.error.errorName : check.kind;

describe("sequence numbers", () => {
  it("wrap at int32 max like Kafka", () => {
    expect(incrementSequence(SEQUENCE_MAX - 1, 3)).toBe(1);
    expect(incrementSequence(SEQUENCE_MAX, 1)).toBe(0);
    expect(incrementSequence(5, 0)).toBe(5);
    expect(isNextSequence(SEQUENCE_MAX, 0)).toBe(true);
    expect(isNextSequence(SEQUENCE_MAX, SEQUENCE_MAX + 1)).toBe(false);
    expect(isNextSequence(4, 5)).toBe(true);
  });

  it("a producer continues across the wrap", () => {
    const state = new ProducerStateManager();
    // Replayed from the log: the producer is near the end of the sequence space.
    state.applyBatch({
      producerId: 7,
      producerEpoch: 0,
      baseSequence: SEQUENCE_MAX - 1,
      lastOffsetDelta: 2,
      baseOffset: toOffset(0),
      maxTimestampMs: 0,
    });
    expect(state.entry(7)?.batches[0]?.lastSequence).toBe(0);
    const log: ProducerBatchHeader[] = [];
    expect(
      errorName(
        state.checkBatch({
          producerId: 7,
          producerEpoch: 0,
          baseSequence: SEQUENCE_MAX - 1,
          lastOffsetDelta: 2,
        }),
      ),
    ).toBe("duplicate");
    expect(produce(state, { producerId: 7, producerEpoch: 0, baseSequence: 1, records: 2 }, log).kind).toBe(
      "append",
    );
    expect(
      errorName(state.checkBatch({ producerId: 7, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0 })),
    ).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });
});

describe("idempotent producer state", () => {
  it("answers a retried batch with its original offsets, for each of the last 5 batches", () => {
    const state = new ProducerStateManager();
    const log: ProducerBatchHeader[] = [];
    for (let index = 0; index < 7; index++) {
      produce(state, { producerId: 1, producerEpoch: 0, baseSequence: index * 2, records: 2 }, log);
    }
    for (let index = 2; index < 7; index++) {
      expect(
        state.checkBatch({ producerId: 1, producerEpoch: 0, baseSequence: index * 2, lastOffsetDelta: 1 }),
      ).toEqual({
        kind: "duplicate",
        firstOffset: index * 2,
        lastOffset: index * 2 + 1,
      });
    }
    // Older than the cache: out of order (its offsets are no longer known).
    expect(
      errorName(state.checkBatch({ producerId: 1, producerEpoch: 0, baseSequence: 2, lastOffsetDelta: 1 })),
    ).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    // Same first sequence, different length: not the same batch.
    expect(
      errorName(state.checkBatch({ producerId: 1, producerEpoch: 0, baseSequence: 12, lastOffsetDelta: 0 })),
    ).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });

  it("rejects a gap with OUT_OF_ORDER_SEQUENCE_NUMBER naming the expected sequence", () => {
    const state = new ProducerStateManager();
    produce(state, { producerId: 1, producerEpoch: 0, baseSequence: 0, records: 3 }, []);
    const check = state.checkBatch({ producerId: 1, producerEpoch: 0, baseSequence: 4, lastOffsetDelta: 0 });
    expect(check.kind === "error" && check.error.errorName).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(check.kind === "error" && check.error.details).toMatchObject({ expectedSequence: 3 });
  });

  it("resets the sequence on a new epoch and fences the old one", () => {
    const state = new ProducerStateManager();
    const log: ProducerBatchHeader[] = [];
    produce(state, { producerId: 1, producerEpoch: 3, baseSequence: 0, records: 5 }, log);
    expect(
      errorName(state.checkBatch({ producerId: 1, producerEpoch: 4, baseSequence: 5, lastOffsetDelta: 0 })),
    ).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(produce(state, { producerId: 1, producerEpoch: 4, baseSequence: 0, records: 1 }, log).kind).toBe(
      "append",
    );
    expect(state.entry(1)).toMatchObject({
      producerEpoch: 4,
      batches: [{ firstSequence: 0, lastSequence: 0, firstOffset: 5 }],
    });
    expect(
      errorName(state.checkBatch({ producerId: 1, producerEpoch: 3, baseSequence: 5, lastOffsetDelta: 0 })),
    ).toBe("INVALID_PRODUCER_EPOCH");
    // A retry from the old epoch is not a duplicate any more.
    expect(
      errorName(state.checkBatch({ producerId: 1, producerEpoch: 3, baseSequence: 0, lastOffsetDelta: 4 })),
    ).toBe("INVALID_PRODUCER_EPOCH");
  });

  it("refuses an unknown producer whose first sequence is not 0 with UNKNOWN_PRODUCER_ID", () => {
    const state = new ProducerStateManager();
    expect(
      errorName(state.checkBatch({ producerId: 9, producerEpoch: 0, baseSequence: 3, lastOffsetDelta: 0 })),
    ).toBe("UNKNOWN_PRODUCER_ID");
    expect(
      errorName(state.checkBatch({ producerId: 9, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0 })),
    ).toBe("append");
  });

  it("does not track batches without a producer id, and rejects invalid producer fields", () => {
    const state = new ProducerStateManager();
    const log: ProducerBatchHeader[] = [];
    expect(
      produce(state, { producerId: -1, producerEpoch: -1, baseSequence: -1, records: 4 }, log).kind,
    ).toBe("append");
    expect(state.producerCount).toBe(0);
    expect(state.endOffset).toBe(4);
    expect(
      errorName(state.checkBatch({ producerId: 1, producerEpoch: -1, baseSequence: 0, lastOffsetDelta: 0 })),
    ).toBe("INVALID_RECORD");
  });

  it("expires idle producers", () => {
    const state = new ProducerStateManager();
    produce(state, { producerId: 1, producerEpoch: 0, baseSequence: 0, records: 1 }, [], 1_000);
    produce(state, { producerId: 2, producerEpoch: 0, baseSequence: 0, records: 1 }, [], 5_000);
    expect(state.removeExpiredProducers(10_999, 10_000)).toBe(0);
    expect(state.removeExpiredProducers(11_000, 10_000)).toBe(1);
    expect(state.entries().map((entry) => entry.producerId)).toEqual([2]);
  });

  it("truncation keeps what is below the offset and says when it cannot be exact", () => {
    const state = new ProducerStateManager();
    const log: ProducerBatchHeader[] = [];
    for (let index = 0; index < 8; index++) {
      produce(state, { producerId: 1, producerEpoch: 0, baseSequence: index, records: 1 }, log);
    }
    produce(state, { producerId: 2, producerEpoch: 0, baseSequence: 0, records: 1 }, log); // offset 8
    expect(state.truncateTo(toOffset(6))).toEqual({ exact: true });
    expect(state.entry(1)?.batches.map((batch) => batch.lastOffset)).toEqual([3, 4, 5]);
    expect(state.entry(2)).toBeUndefined(); // its whole history was past the truncation point
    expect(state.endOffset).toBe(6);
    expect(state.truncateTo(toOffset(3))).toEqual({ exact: false }); // batches 0..2 exist but are not cached
  });
});

describe("snapshots", () => {
  it("round-trips, and rejects torn, corrupt and foreign bytes with CORRUPT_MESSAGE", () => {
    const state = new ProducerStateManager();
    const log: ProducerBatchHeader[] = [];
    produce(
      state,
      { producerId: 2 ** 40, producerEpoch: 7, baseSequence: 0, records: 3 },
      log,
      1_700_000_000_000,
    );
    produce(state, { producerId: 5, producerEpoch: 0, baseSequence: 0, records: 1 }, log, -1);
    const bytes = encodeProducerSnapshot(state);
    const restored = decodeProducerSnapshot(bytes);
    expect(restored.entries()).toEqual(state.entries());
    expect(restored.endOffset).toBe(4);
    const corruptName = (mutate: (copy: Uint8Array) => Uint8Array) => {
      try {
        decodeProducerSnapshot(mutate(bytes.slice()));
        return "decoded";
      } catch (error) {
        return (error as { errorName?: string }).errorName;
      }
    };
    expect(corruptName((copy) => copy.subarray(0, copy.length - 1))).toBe("CORRUPT_MESSAGE");
    expect(
      corruptName((copy) => {
        copy[20] = (copy[20] ?? 0) ^ 0xff;
        return copy;
      }),
    ).toBe("CORRUPT_MESSAGE");
    expect(
      corruptName((copy) => {
        copy[1] = 9;
        return copy;
      }),
    ).toBe("CORRUPT_MESSAGE");
    expect(corruptName(() => new Uint8Array(3))).toBe("CORRUPT_MESSAGE");
  });

  it("an empty state round-trips", () => {
    const restored = decodeProducerSnapshot(
      encodeProducerSnapshot(new ProducerStateManager({ endOffset: toOffset(42) })),
    );
    expect(restored.entries()).toEqual([]);
    expect(restored.endOffset).toBe(42);
  });
});

// ---- properties: a model of well-behaved and misbehaving idempotent producers -------------------

type Action =
  | { type: "send"; producer: number; records: number }
  | { type: "retry"; producer: number; back: number }
  | { type: "gap"; producer: number; skip: number }
  | { type: "bump"; producer: number }
  | { type: "stale"; producer: number }
  | { type: "plain"; records: number };

const producerArb = fc.integer({ min: 1, max: 3 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant("send" as const),
      producer: producerArb,
      records: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("retry" as const),
      producer: producerArb,
      back: fc.integer({ min: 0, max: 7 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("gap" as const),
      producer: producerArb,
      skip: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constant("bump" as const), producer: producerArb }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant("stale" as const), producer: producerArb }), weight: 1 },
  {
    arbitrary: fc.record({ type: fc.constant("plain" as const), records: fc.integer({ min: 1, max: 3 }) }),
    weight: 1,
  },
);

interface ModelProducer {
  epoch: number;
  nextSequence: number;
  /** Batches of the current epoch the partition accepted: [firstSeq, records, firstOffset]. */
  accepted: { baseSequence: number; records: number; firstOffset: number }[];
  /** Whether the partition has any batch of this producer (in any epoch). */
  known: boolean;
  /** Whether the producer was re-initialised (epoch bumped) and has not sent since. */
  bumped: boolean;
  /** The last epoch the partition accepted a batch in. */
  acceptedEpoch: number;
}

/** Runs the actions against the state and the model, asserting every answer; returns the log. */
function runModel(actions: readonly Action[], state: ProducerStateManager): ProducerBatchHeader[] {
  const log: ProducerBatchHeader[] = [];
  const model = new Map<number, ModelProducer>();
  const producerOf = (id: number) => {
    let producer = model.get(id);
    if (producer === undefined) {
      producer = { epoch: 0, nextSequence: 0, accepted: [], known: false, bumped: false, acceptedEpoch: 0 };
      model.set(id, producer);
    }
    return producer;
  };
  let timestampMs = 0;
  for (const action of actions) {
    timestampMs++;
    if (action.type === "plain") {
      const check = produce(
        state,
        { producerId: -1, producerEpoch: -1, baseSequence: -1, records: action.records },
        log,
        timestampMs,
      );
      expect(check.kind).toBe("append");
      continue;
    }
    const producer = producerOf(action.producer);
    switch (action.type) {
      case "send": {
        const batch = {
          producerId: action.producer,
          producerEpoch: producer.epoch,
          baseSequence: producer.nextSequence,
          records: action.records,
        };
        const firstOffset = state.endOffset;
        expect(produce(state, batch, log, timestampMs)).toEqual({ kind: "append" });
        if (producer.bumped) producer.accepted = [];
        producer.bumped = false;
        producer.known = true;
        producer.acceptedEpoch = producer.epoch;
        producer.accepted.push({ baseSequence: producer.nextSequence, records: action.records, firstOffset });
        producer.nextSequence += action.records;
        break;
      }
      case "retry": {
        const batch = producer.bumped
          ? undefined
          : producer.accepted[producer.accepted.length - 1 - action.back];
        if (batch === undefined) break;
        const check = produce(
          state,
          {
            producerId: action.producer,
            producerEpoch: producer.epoch,
            baseSequence: batch.baseSequence,
            records: batch.records,
          },
          log,
          timestampMs,
        );
        if (action.back < 5) {
          expect(check).toEqual({
            kind: "duplicate",
            firstOffset: batch.firstOffset,
            lastOffset: batch.firstOffset + batch.records - 1,
          });
        } else {
          expect(errorName(check)).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
        }
        break;
      }
      case "gap": {
        const check = produce(
          state,
          {
            producerId: action.producer,
            producerEpoch: producer.epoch,
            baseSequence: producer.nextSequence + action.skip,
            records: 1,
          },
          log,
          timestampMs,
        );
        expect(errorName(check)).toBe(
          producer.known ? "OUT_OF_ORDER_SEQUENCE_NUMBER" : "UNKNOWN_PRODUCER_ID",
        );
        break;
      }
      case "bump":
        producer.epoch++;
        producer.nextSequence = 0;
        producer.bumped = true;
        break;
      case "stale": {
        if (!producer.known || producer.acceptedEpoch === 0) break;
        const check = produce(
          state,
          {
            producerId: action.producer,
            producerEpoch: producer.acceptedEpoch - 1,
            baseSequence: 0,
            records: 1,
          },
          log,
          timestampMs,
        );
        expect(errorName(check)).toBe("INVALID_PRODUCER_EPOCH");
        break;
      }
    }
  }
  return log;
}

/** Entries without timestamps (truncation does not roll the last-activity time back). */
const shape = (state: ProducerStateManager) =>
  state.entries().map(({ producerId, producerEpoch, batches, firstOffset }) => ({
    producerId,
    producerEpoch,
    batches,
    firstOffset,
  }));

describe("producer state, as properties", () => {
  const actionsArb = fc.array(actionArb, { maxLength: 80, size: "max" });

  it("answers duplicates, gaps and epochs as the producer model expects", () => {
    fc.assert(
      fc.property(actionsArb, (actions) => {
        runModel(actions, new ProducerStateManager());
      }),
      { numRuns: 300 },
    );
  });

  it("snapshot + restore, and rebuild from the log (with or without a snapshot) give the same state", () => {
    fc.assert(
      fc.property(actionsArb, fc.nat(), (actions, cutSeed) => {
        const state = new ProducerStateManager();
        const log = runModel(actions, state);
        const restored = decodeProducerSnapshot(encodeProducerSnapshot(state));
        expect(restored.entries()).toEqual(state.entries());
        expect(restored.endOffset).toBe(state.endOffset);
        expect(rebuildProducerState({ batches: log }).entries()).toEqual(state.entries());
        const cut = log.length === 0 ? 0 : cutSeed % (log.length + 1);
        const partial = rebuildProducerState({ batches: log.slice(0, cut) });
        const rebuilt = rebuildProducerState({ snapshot: encodeProducerSnapshot(partial), batches: log });
        expect(rebuilt.entries()).toEqual(state.entries());
        expect(rebuilt.endOffset).toBe(state.endOffset);
      }),
      { numRuns: 200 },
    );
  });

  it("an exact in-place truncation agrees with a rebuild of the log below the truncation point", () => {
    fc.assert(
      fc.property(actionsArb, fc.nat(), (actions, cutSeed) => {
        const state = new ProducerStateManager();
        const log = runModel(actions, state);
        const offset = toOffset(log.length === 0 ? 0 : (log[cutSeed % log.length]?.baseOffset ?? 0));
        const expected = rebuildProducerState({ batches: log, upToOffset: offset });
        const { exact } = state.truncateTo(offset);
        expect(state.endOffset).toBe(offset);
        if (!exact) return;
        const actual = shape(state);
        const wanted = shape(expected);
        expect(actual.map((entry) => [entry.producerId, entry.producerEpoch, entry.firstOffset])).toEqual(
          wanted.map((entry) => [entry.producerId, entry.producerEpoch, entry.firstOffset]),
        );
        actual.forEach((entry, index) => {
          // The in-place cache is a suffix of the rebuilt one (it may hold fewer batches).
          const full = wanted[index]!.batches;
          expect(full.slice(full.length - entry.batches.length)).toEqual(entry.batches);
        });
      }),
      { numRuns: 200 },
    );
  });
});
