import { describe, expect, it } from "vitest";
import { EntryWindow } from "../../src/core/entry-window.js";

const entry = (index: number, term: number, bytes = 1) => ({
  index,
  term,
  type: "normal" as const,
  data: new Uint8Array(bytes),
});

describe("EntryWindow", () => {
  it("answers terms and entries after its base, replaces a conflicting suffix and compacts", () => {
    const window = new EntryWindow(2, 1, [entry(3, 1), entry(4, 1), entry(5, 1)]);
    expect([window.firstIndex(), window.lastIndex()]).toEqual([3, 5]);
    expect(window.term(2)).toBe(1);
    expect(window.term(1)).toBeUndefined();
    expect(window.term(6)).toBeUndefined();
    window.append([entry(4, 2)]);
    expect(window.lastIndex()).toBe(4);
    expect(window.term(4)).toBe(2);
    window.compactThrough(3);
    expect([window.firstIndex(), window.term(3)]).toEqual([4, 1]);
    expect(() => window.entries(3, 5, 100)).toThrow(/outside the log/);
  });

  it("stops entries before maxBytes is passed but returns at least one", () => {
    const window = new EntryWindow(0, 0, [entry(1, 1, 10), entry(2, 1, 10), entry(3, 1, 10)]);
    expect(window.entries(1, 4, 5).map((e) => e.index)).toEqual([1]);
    expect(window.entries(1, 4, 20).map((e) => e.index)).toEqual([1, 2]);
  });

  it("refuses a gap, restarts after a received snapshot and copies another window", () => {
    const window = new EntryWindow();
    expect(() => window.append([entry(2, 1)])).toThrow(/gap/);
    window.append([entry(1, 1), entry(2, 1)]);
    window.restartAfter(7, 3);
    expect([window.firstIndex(), window.lastIndex(), window.term(7)]).toEqual([8, 7, 3]);
    const copy = new EntryWindow();
    copy.copyFrom(window);
    window.append([entry(8, 3)]);
    expect([copy.lastIndex(), window.lastIndex()]).toEqual([7, 8]);
  });
});
