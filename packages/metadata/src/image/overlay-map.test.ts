import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OverlayMap } from "./overlay-map.js";

describe("OverlayMap", () => {
  it("behaves as an immutable Map under any sequence of batched updates", () => {
    const update = fc.array(fc.tuple(fc.nat(200), fc.option(fc.nat(), { nil: undefined })), {
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.array(update, { maxLength: 40 }), (batches) => {
        let map = OverlayMap.empty<number, number>();
        const model = new Map<number, number>();
        const history: [OverlayMap<number, number>, Map<number, number>][] = [];
        for (const batch of batches) {
          const changes = new Map(batch);
          map = map.with(changes);
          for (const [key, value] of changes) {
            if (value === undefined) model.delete(key);
            else model.set(key, value);
          }
          history.push([map, new Map(model)]);
        }
        for (const [version, expected] of history) {
          // Earlier versions are unchanged by later updates.
          expect(version.size).toBe(expected.size);
          expect(new Map(version)).toEqual(expected);
          for (let key = 0; key <= 200; key += 17) {
            expect(version.get(key)).toBe(expected.get(key));
            expect(version.has(key)).toBe(expected.has(key));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
