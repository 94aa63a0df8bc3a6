import { describe, expect, it } from "vitest";
import {
  copyProgress,
  formatBytes,
  formatDuration,
  type LogSizeSample,
  parseRate,
  progressBar,
} from "./copy-progress.js";

const sample = (atMs: number, sizes: [number, number, boolean][]): LogSizeSample => ({
  atMs,
  sizes: sizes.map(([brokerId, copiedBytes, isLeader]) => ({
    brokerId,
    topic: "t",
    partition: 0,
    copiedBytes,
    isLeader,
  })),
});

describe("copyProgress", () => {
  const entry = { topic: "t", partition: 0, adding: [104] };

  it("measures bytes copied against the leader's size, the rate between samples and the time left", () => {
    const earlier = sample(0, [
      [101, 1000, true],
      [104, 100, false],
    ]);
    const latest = sample(2000, [
      [101, 1000, true],
      [104, 500, false],
    ]);
    expect(copyProgress(entry, latest, earlier)).toEqual({
      copiedBytes: 500,
      totalBytes: 1000,
      rateBytesPerSecond: 200,
      etaSeconds: 2.5,
    });
  });

  it("has no rate or ETA from one sample, and counts a replica that reports nothing as 0 bytes", () => {
    expect(copyProgress(entry, sample(0, [[101, 1000, true]]), undefined)).toEqual({
      copiedBytes: 0,
      totalBytes: 1000,
      rateBytesPerSecond: null,
      etaSeconds: null,
    });
  });

  it("sums over several adding replicas and never reports more than the total", () => {
    const latest = sample(1000, [
      [101, 1000, true],
      [104, 1200, false],
      [105, 400, false],
    ]);
    const progress = copyProgress({ ...entry, adding: [104, 105] }, latest, undefined);
    expect(progress.totalBytes).toBe(2000);
    expect(progress.copiedBytes).toBe(1400);
  });
});

describe("rates and sizes as text", () => {
  it("parses --throttle rates in decimal and binary units", () => {
    expect(parseRate("50MB/s", "--throttle")).toBe(50_000_000);
    expect(parseRate("10MiB/s", "--throttle")).toBe(10 * 1024 * 1024);
    expect(parseRate("1.5kb", "--throttle")).toBe(1500);
    expect(parseRate("4096", "--throttle")).toBe(4096);
  });

  it("refuses what is not a positive rate, naming the flag", () => {
    expect(() => parseRate("fast", "--throttle")).toThrow(/--throttle: 'fast' is not a rate/);
    expect(() => parseRate("0MB/s", "--throttle")).toThrow(/at least 1 byte per second/);
    expect(() => parseRate("-5MB/s", "--throttle")).toThrow(/is not a rate/);
  });

  it("formats bytes, bars and durations", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GiB");
    expect(progressBar(1, 4, 8)).toBe("[##......] 25%");
    expect(progressBar(0, 0, 4)).toBe("[####] 100%");
    expect(formatDuration(null)).toBe("-");
    expect(formatDuration(42)).toBe("42s");
    expect(formatDuration(185)).toBe("3m05s");
    expect(formatDuration(3720)).toBe("1h02m");
  });
});
