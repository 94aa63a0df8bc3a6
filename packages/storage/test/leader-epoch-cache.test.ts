import { describe, expect, it } from "vitest";
import {
  LeaderEpochCache,
  UNDEFINED_EPOCH,
  UNDEFINED_EPOCH_OFFSET,
} from "../src/checkpoint/leader-epoch-cache.js";

const UNDEFINED = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };

describe("LeaderEpochCache.endOffsetFor (Kafka's LeaderEpochFileCache.endOffsetFor)", () => {
  const cache = new LeaderEpochCache([
    { epoch: 1, startOffset: 0 },
    { epoch: 3, startOffset: 4 },
  ]);
  const logEndOffset = 7;

  it.each([
    [0, { epoch: 0, endOffset: 0 }, "older than every known epoch: the first known epoch's start"],
    [1, { epoch: 1, endOffset: 4 }, "a closed epoch: the next epoch's start"],
    [2, { epoch: 1, endOffset: 4 }, "an epoch this log never had: the floor epoch and the next start"],
    [3, { epoch: 3, endOffset: 7 }, "the latest epoch: the log end"],
    [5, UNDEFINED, "newer than every known epoch"],
    [UNDEFINED_EPOCH, UNDEFINED, "the undefined epoch"],
  ])("epoch %i → %o (%s)", (epoch, expected) => {
    expect(cache.endOffsetFor(epoch, logEndOffset)).toEqual(expected);
  });

  it("an empty cache knows no epoch", () => {
    expect(new LeaderEpochCache().endOffsetFor(0, 5)).toEqual(UNDEFINED);
    expect(new LeaderEpochCache().endOffsetFor(3, 5)).toEqual(UNDEFINED);
  });
});

describe("LeaderEpochCache maintenance", () => {
  it("ignores epochs not newer than the latest, supersedes an epoch that wrote nothing", () => {
    const cache = new LeaderEpochCache();
    cache.assign(1, 0);
    cache.assign(1, 5);
    cache.assign(0, 6);
    cache.assign(2, 3);
    cache.assign(3, 3);
    expect(cache.entries()).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 3 },
    ]);
    expect(cache.latestEpoch()).toBe(3);
  });

  it("asserts on a newer epoch that starts before the latest one", () => {
    const cache = new LeaderEpochCache([{ epoch: 1, startOffset: 5 }]);
    expect(() => cache.assign(2, 4)).toThrow(/assertion/);
  });

  it("truncates from the end and from the start as Kafka does, bumping the version on change", () => {
    const cache = new LeaderEpochCache([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 4 },
      { epoch: 4, startOffset: 9 },
    ]);
    const version = cache.version;
    cache.truncateFromEnd(9);
    expect(cache.entries().map((entry) => entry.epoch)).toEqual([1, 3]);
    cache.truncateFromEnd(20);
    expect(cache.version).toBe(version + 1);
    cache.truncateFromStart(5);
    expect(cache.entries()).toEqual([{ epoch: 3, startOffset: 5 }]);
    expect(cache.endOffsetFor(1, 8)).toEqual({ epoch: 1, endOffset: 5 });
  });

  it("round-trips Kafka's checkpoint format and refuses a corrupt one", () => {
    const cache = new LeaderEpochCache([
      { epoch: 2, startOffset: 0 },
      { epoch: 5, startOffset: 10 },
    ]);
    const bytes = cache.serialize();
    expect(new TextDecoder().decode(bytes)).toBe("0\n2\n2 0\n5 10\n");
    expect(LeaderEpochCache.parse(bytes, "x").entries()).toEqual(cache.entries());
    const bad = new TextEncoder().encode("0\n2\n5 0\n2 10\n");
    expect(() => LeaderEpochCache.parse(bad, "x")).toThrow(/corrupt/);
    expect(() => LeaderEpochCache.parse(new TextEncoder().encode("0\n3\n1 0\n"), "x")).toThrow(/corrupt/);
  });
});
