import { describe, expect, it, vi } from "vitest";
import type { ConnectionPool } from "../src/connection/connection-pool.js";
import { Instrumentation } from "../src/instrumentation/channels.js";
import type { LeaderRoute, MetadataCache } from "../src/metadata/metadata-cache.js";
import { Accumulator } from "../src/producer/accumulator.js";
import type { ProducerBatch, RecordOutcome } from "../src/producer/producer-batch.js";
import { type ProducerOptions, producerSettings } from "../src/producer/producer-options.js";
import { type ProducerIdentity, Sender } from "../src/producer/sender.js";
import { Backoff } from "../src/retry/backoff.js";
import type { Clock } from "../src/retry/clock.js";

/**
 * The Sender's wake-ups, on a clock the test moves: time passes exactly where a loaded machine
 * may deschedule the process, so the interleavings that lost wake-ups are replayed every run.
 */

/** The accumulator, with a hook that runs right after the sender asked which batches are ready. */
class WatchedAccumulator extends Accumulator {
  afterReady: () => void = () => undefined;

  override ready(nowMs: number, flushing: boolean, maxInFlight: number): ProducerBatch[] {
    const ready = super.ready(nowMs, flushing, maxInFlight);
    this.afterReady();
    return ready;
  }
}

interface Harness {
  readonly sender: Sender;
  readonly accumulator: WatchedAccumulator;
  readonly clock: Clock & { nowMs: number };
  /** Partitions whose leader the sender asked for (the step before sending a ready batch). */
  readonly leadersAsked: string[];
  /** Called when the sender asks for the next producer epoch (never answered here). */
  set onBumpEpoch(hook: () => void);
}

function harness(options: ProducerOptions, identity?: ProducerIdentity): Harness {
  const settings = producerSettings(options, 100);
  const accumulator = new WatchedAccumulator({
    batchSize: settings.batchSize,
    backlogBatchSize: settings.backlogBatchSize,
    lingerMs: settings.lingerMs,
    onBatchClosed: () => undefined,
  });
  const clock = { nowMs: 0, now: () => clock.nowMs, sleep: async () => undefined };
  const leadersAsked: string[] = [];
  // The lookup never answers: the tests only need to see that the sender went for the batch.
  const metadata = {
    leader: (topic: string, partition: number): Promise<LeaderRoute> => {
      leadersAsked.push(`${topic}-${partition}`);
      return new Promise<LeaderRoute>(() => undefined);
    },
    invalidate: () => undefined,
  } as unknown as MetadataCache;
  const hooks: { onBumpEpoch: () => void } = { onBumpEpoch: () => undefined };
  const sender = new Sender({
    metadata,
    pool: {} as ConnectionPool,
    clock,
    backoff: new Backoff(),
    instrumentation: new Instrumentation("sender-test"),
    accumulator,
    settings,
    identity: () => identity,
    release: () => undefined,
    bumpEpoch: () => {
      hooks.onBumpEpoch();
      return new Promise<void>(() => undefined);
    },
  });
  return {
    sender,
    accumulator,
    clock,
    leadersAsked,
    set onBumpEpoch(hook: () => void) {
      hooks.onBumpEpoch = hook;
    },
  };
}

/** Appends one record to t-`partition` at `nowMs`; resolves with the record's outcome. */
function append(accumulator: Accumulator, partition: number, nowMs: number): Promise<RecordOutcome> {
  return new Promise<RecordOutcome>((settle) => {
    accumulator.append({
      topic: "t",
      partition,
      acks: "all",
      compression: "none",
      record: { record: { key: null, value: new Uint8Array([1]), timestamp: nowMs }, bytes: 22, settle },
      nowMs,
      abortOnNewBatch: false,
    });
  });
}

describe("Sender: wake-ups", () => {
  it("sends a batch whose linger ended between the pass's look and the arming of its timer", async () => {
    const { sender, accumulator, clock, leadersAsked } = harness({ lingerMs: 5 });
    void append(accumulator, 0, 0);
    let stalled = false;
    accumulator.afterReady = () => {
      // The pass saw the batch still lingering; the process is descheduled past the linger end
      // before the sender arms its timer (what a loaded machine does now and then).
      if (!stalled) clock.nowMs = 5;
      stalled = true;
    };
    sender.wake();
    await vi.waitFor(() => expect(leadersAsked).toEqual(["t-0"]), { timeout: 10_000, interval: 5 });
    sender.stop();
  });

  it("ends a waiting batch at its delivery timeout while the epoch bump has no answer", async () => {
    const test = harness({ lingerMs: 0, deliveryTimeoutMs: 1_000 }, { producerId: 7, producerEpoch: 0 });
    const { sender, accumulator, clock } = test;
    const outcomes: RecordOutcome[] = [];
    void append(accumulator, 0, 0).then((outcome) => outcomes.push(outcome));
    void append(accumulator, 1, 500).then((outcome) => outcomes.push(outcome));
    // An earlier attempt may have appended the first batch: its delivery timeout ends it
    // INDETERMINATE, and the producer takes a new epoch before it sends anything more.
    (accumulator.queue("t", 0).pending[0] as ProducerBatch).mayHaveBeenWritten = true;
    clock.nowMs = 1_000;
    // The bump gets no answer, and meanwhile the second batch's delivery timeout passes.
    test.onBumpEpoch = () => {
      clock.nowMs = 1_500;
    };
    sender.wake();
    await vi.waitFor(() => expect(outcomes).toHaveLength(2), { timeout: 10_000, interval: 5 });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["indeterminate", "failed"]);
    const [, waiting] = outcomes;
    expect(waiting?.status === "failed" ? waiting.error.errorName : "").toBe("REQUEST_TIMED_OUT");
    sender.stop();
  });
});
