import { afterEach, describe, expect, it, vi } from "vitest";
import { installTestClockSkew } from "../src/time/index.js";

const realNow = Date.now;

afterEach(() => {
  Date.now = realNow;
  vi.useRealTimers();
});

describe("installTestClockSkew (test-only skewed wall clock)", () => {
  it("does nothing without its environment variables", () => {
    expect(installTestClockSkew({})).toBeUndefined();
    expect(Date.now).toBe(realNow);
  });

  it("moves Date.now by the offset", () => {
    expect(installTestClockSkew({ RILL_TEST_CLOCK_OFFSET_MS: "-300000" })).toMatch(/-300000/);
    const before = realNow.call(Date);
    const skewed = Date.now();
    const after = realNow.call(Date);
    expect(skewed).toBeGreaterThanOrEqual(before - 300_000);
    expect(skewed).toBeLessThanOrEqual(after - 300_000);
  });

  it("jumps by the delta once the delay has passed (timers keep real time)", () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    installTestClockSkew({ RILL_TEST_CLOCK_OFFSET_MS: "60000", RILL_TEST_CLOCK_JUMP: "5000:-120000" });
    /** The offset lies between the skewed reading minus the real readings after and before it. */
    const offsetBounds = () => {
      const before = realNow.call(Date);
      const skewed = Date.now();
      const after = realNow.call(Date);
      return [skewed - after, skewed - before];
    };
    const [low, high] = offsetBounds();
    expect(low).toBeLessThanOrEqual(60_000);
    expect(high).toBeGreaterThanOrEqual(60_000);
    vi.advanceTimersByTime(5_000);
    const [lowAfter, highAfter] = offsetBounds();
    expect(lowAfter).toBeLessThanOrEqual(-60_000);
    expect(highAfter).toBeGreaterThanOrEqual(-60_000);
  });

  it("refuses a malformed value", () => {
    expect(() => installTestClockSkew({ RILL_TEST_CLOCK_OFFSET_MS: "5 minutes" })).toThrow(/not an integer/);
    expect(() => installTestClockSkew({ RILL_TEST_CLOCK_JUMP: "-1:5" })).toThrow(/afterMs/);
  });
});
