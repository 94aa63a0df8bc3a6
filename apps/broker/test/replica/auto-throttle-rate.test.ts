import { describe, expect, it } from "vitest";
import { nextAutoThrottleRate } from "../../src/replica/auto-throttle-rate.js";
import { ProduceLatencyWindow } from "../../src/replica/produce-latency-window.js";

const settings = { minBytesPerSecond: 1_000, maxBytesPerSecond: 11_000, produceP99MsMax: 100 };

describe("nextAutoThrottleRate", () => {
  it("halves the rate while the produce p99 is above the bound, never below the minimum", () => {
    const rates = [11_000];
    for (let window = 0; window < 6; window += 1)
      rates.push(nextAutoThrottleRate(rates.at(-1)!, 250, settings));
    expect(rates).toEqual([11_000, 5_500, 2_750, 1_375, 1_000, 1_000, 1_000]);
  });

  it("raises it by a tenth of the range per quiet window, up to the maximum", () => {
    const rates = [1_000];
    for (let window = 0; window < 11; window += 1)
      rates.push(nextAutoThrottleRate(rates.at(-1)!, 20, settings));
    expect(rates.slice(0, 4)).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(rates.at(-1)).toBe(11_000);
    expect(rates.at(-2)).toBe(11_000);
    // A window without any produce has nothing to protect: it raises too.
    expect(nextAutoThrottleRate(4_000, undefined, settings)).toBe(5_000);
  });

  it("holds between 80% of the bound and the bound, and keeps any input within the bounds", () => {
    expect(nextAutoThrottleRate(4_000, 80, settings)).toBe(4_000);
    expect(nextAutoThrottleRate(4_000, 100, settings)).toBe(4_000);
    expect(nextAutoThrottleRate(4_000, 101, settings)).toBe(2_000);
    expect(nextAutoThrottleRate(50_000, 90, settings)).toBe(11_000);
    expect(nextAutoThrottleRate(10, 90, settings)).toBe(1_000);
  });

  it("follows latency that rises and falls: down while it is high, back up once it is low", () => {
    const latencies = [10, 10, 300, 300, 300, 90, 10, 10, 10];
    const rates: number[] = [];
    let rate = 6_000;
    for (const p99 of latencies) {
      rate = nextAutoThrottleRate(rate, p99, settings);
      rates.push(rate);
    }
    expect(rates).toEqual([7_000, 8_000, 4_000, 2_000, 1_000, 1_000, 2_000, 3_000, 4_000]);
  });
});

describe("ProduceLatencyWindow", () => {
  it("gives the p99 of the latencies since the last take, then starts empty", () => {
    const window = new ProduceLatencyWindow();
    expect(window.takeP99Ms()).toBeUndefined();
    for (let i = 0; i < 990; i += 1) window.record(5);
    for (let i = 0; i < 10; i += 1) window.record(400);
    expect(window.takeP99Ms()).toBe(5);
    for (let i = 0; i < 980; i += 1) window.record(5);
    for (let i = 0; i < 20; i += 1) window.record(400);
    // Two significant digits: 400 is kept as a value within 1% of it.
    expect(window.takeP99Ms()).toBeGreaterThanOrEqual(396);
    expect(window.takeP99Ms()).toBeUndefined();
  });
});
