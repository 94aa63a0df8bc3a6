import { describe, expect, it } from "vitest";
import { groupPartition, javaStringHashCode } from "./group-partition.js";

describe("groupPartition", () => {
  it("is Java's String.hashCode", () => {
    expect(javaStringHashCode("hello")).toBe(99162322);
    expect(javaStringHashCode("")).toBe(0);
    // A known collision, and a string whose hash overflows to a negative number.
    expect(javaStringHashCode("Aa")).toBe(javaStringHashCode("BB"));
    expect(javaStringHashCode("polygenelubricants")).toBe(-2147483648);
  });

  it("maps as Kafka's Utils.abs(hashCode) % partitions, MIN_VALUE to 0", () => {
    expect(groupPartition("hello", 50)).toBe(99162322 % 50);
    expect(groupPartition("polygenelubricants", 50)).toBe(0);
    const negative = "kafka-consumer-group-7";
    const hash = javaStringHashCode(negative);
    expect(groupPartition(negative, 50)).toBe(Math.abs(hash) % 50);
  });

  it("refuses a partition count that is not a positive integer", () => {
    expect(() => groupPartition("g", 0)).toThrow(RangeError);
    expect(() => groupPartition("g", 1.5)).toThrow(RangeError);
  });
});
