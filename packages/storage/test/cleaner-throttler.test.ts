import { describe, expect, it } from "vitest";
import { Throttler } from "../src/index.js";
import { ManualClock } from "./helpers.js";

function throttlerAt(bytesPerSecondMax: number, clock: ManualClock, slept: number[]): Throttler {
  return new Throttler({
    bytesPerSecondMax,
    clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock.nowMs += ms;
    },
  });
}

describe("cleaner Throttler (log.cleaner.io.max.bytes.per.second)", () => {
  it("sleeps so the bytes counted never run ahead of the rate", async () => {
    const clock = new ManualClock(0);
    const slept: number[] = [];
    const throttler = throttlerAt(1_000, clock, slept);
    for (let index = 0; index < 10; index += 1) await throttler.throttle(500);
    // 5,000 bytes at 1,000 B/s take at least 5 s of (injected) time.
    expect(clock.nowMs).toBeGreaterThanOrEqual(5_000 - 500);
    expect(slept.every((ms) => ms > 0)).toBe(true);
  });

  it("does not sleep when the I/O is slower than the rate, nor when unthrottled", async () => {
    const clock = new ManualClock(0);
    const slept: number[] = [];
    const slow = throttlerAt(1_000, clock, slept);
    for (let index = 0; index < 5; index += 1) {
      clock.nowMs += 200;
      await slow.throttle(100);
    }
    const unthrottled = throttlerAt(Number.POSITIVE_INFINITY, clock, slept);
    await unthrottled.throttle(1e12);
    expect(slept).toEqual([]);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => throttlerAt(0, new ManualClock(), [])).toThrow(RangeError);
  });
});
