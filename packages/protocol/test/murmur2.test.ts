import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { murmur2, partitionForKey, toPositive } from "../src/index.js";
import { utf8 } from "./support.js";

const require = createRequire(import.meta.url);

type KafkajsPartitioner = (args: {
  topic: string;
  partitionMetadata: { partitionId: number; leader: number }[];
  message: { key: Buffer | null; value: Buffer | null };
}) => number;
const { Partitioners } = require("kafkajs") as {
  Partitioners: { DefaultPartitioner: () => KafkajsPartitioner };
};

describe("murmur2 partitioner", () => {
  it("matches Kafka's UtilsTest.testMurmur2 vectors", () => {
    const cases: Record<string, number> = {
      "21": -973932308,
      foobar: -790332482,
      "a-little-bit-long-string": -985981536,
      "a-little-bit-longer-string": -1486304829,
      lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
      abc: 479470107,
    };
    for (const [key, expected] of Object.entries(cases)) expect(murmur2(utf8(key)), key).toBe(expected);
  });

  it("matches Kafka's Utils.murmur2 on short keys (every tail length)", () => {
    expect(murmur2(utf8("1"))).toBe(-1993445489);
    expect(murmur2(utf8("12"))).toBe(126087238);
    expect(murmur2(utf8("123"))).toBe(-267702483);
    expect(murmur2(utf8("1234"))).toBe(-1614185708);
    expect(murmur2(utf8("12345"))).toBe(-1188365604);
  });

  it("toPositive clears the sign bit, including for -2^31", () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(5)).toBe(5);
  });

  it("picks the same partition as kafkajs's default (Java-compatible) partitioner", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 1000 }), (key, partitions) => {
        const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
          partitionId,
          leader: 0,
        }));
        const expected = partitioner({
          topic: "t",
          partitionMetadata,
          message: { key: Buffer.from(key), value: null },
        });
        expect(partitionForKey(key, partitions)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects a non-positive partition count", () => {
    expect(() => partitionForKey(utf8("k"), 0)).toThrow(RangeError);
  });
});
