import { describe, expect, it } from "vitest";
import { ArmedWake, PartitionSignal, waitForAny } from "../../src/replica/partition-signal.js";

/** Far beyond any test: a wait that ends is woken, never timed out. */
const NEVER_MS = 3_600_000;

describe("ArmedWake: a notify between the check and the wait is not lost", () => {
  it("a notify after arming and before wait makes wait resolve at once", async () => {
    const appended = new PartitionSignal();
    const wake = new ArmedWake([appended]);
    appended.notify(); // e.g. a log append while the fetch round awaited its reads
    await wake.wait(NEVER_MS);
  });

  it("a notify during the wait resolves it; one on any of the signals will do", async () => {
    const signals = [new PartitionSignal(), new PartitionSignal()];
    const waiting = new ArmedWake(signals).wait(NEVER_MS);
    signals[1]?.notify();
    await waiting;
  });

  it("cancel unsubscribes: later notifies reach nothing, and an abort ends a wait", async () => {
    const appended = new PartitionSignal();
    let woken = 0;
    const other = new ArmedWake([appended]);
    other.cancel();
    const unsubscribe = appended.subscribe(() => {
      woken += 1;
    });
    appended.notify();
    expect(woken).toBe(1);
    unsubscribe();
    const abort = new AbortController();
    const waiting = new ArmedWake([appended]).wait(NEVER_MS, abort.signal);
    abort.abort();
    await waiting;
  });

  it("waitForAny, which subscribes only when called, does not see a notify that came before", async () => {
    const appended = new PartitionSignal();
    appended.notify();
    const abort = new AbortController();
    let resolved = false;
    const waiting = waitForAny([appended], NEVER_MS, abort.signal).then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    abort.abort();
    await waiting;
  });
});
