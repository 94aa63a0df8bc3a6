import { describe, expect, it } from "vitest";
import { PartitionChooser } from "../src/producer/partitioners.js";

/**
 * Kafka's Utils.murmur2 written again from the Java source's arithmetic, with BigInt and explicit
 * 32-bit wrapping (Java int overflow, >>> as unsigned shift), deliberately unlike the production
 * code's Math.imul, so the two check each other.
 */
function javaMurmur2(data: Uint8Array): number {
  const mask = 0xffffffffn;
  const toInt = (value: bigint): bigint => BigInt.asIntN(32, value);
  const unsignedShift = (value: bigint, bits: bigint): bigint => toInt((value & mask) >> bits);
  const length = data.length;
  const seed = toInt(0x9747b28cn);
  const m = 0x5bd1e995n;
  const r = 24n;
  let h = toInt(seed ^ BigInt(length));
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    // (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ... as Java ints
    let k = toInt(
      BigInt(data[i4] as number) +
        (BigInt(data[i4 + 1] as number) << 8n) +
        (BigInt(data[i4 + 2] as number) << 16n) +
        (BigInt(data[i4 + 3] as number) << 24n),
    );
    k = toInt(k * m);
    k = toInt(k ^ unsignedShift(k, r));
    k = toInt(k * m);
    h = toInt(h * m);
    h = toInt(h ^ k);
  }
  const tail = length % 4;
  const base = length & ~3;
  if (tail === 3) h = toInt(h ^ (BigInt(data[base + 2] as number) << 16n));
  if (tail >= 2) h = toInt(h ^ (BigInt(data[base + 1] as number) << 8n));
  if (tail >= 1) {
    h = toInt(h ^ BigInt(data[base] as number));
    h = toInt(h * m);
  }
  h = toInt(h ^ unsignedShift(h, 13n));
  h = toInt(h * m);
  h = toInt(h ^ unsignedShift(h, 15n));
  return Number(h);
}

/** Kafka's BuiltInPartitioner.partitionForKey: toPositive(murmur2(key)) % numPartitions. */
function javaPartition(key: Uint8Array, partitions: number): number {
  return (javaMurmur2(key) & 0x7fffffff) % partitions;
}

/** A deterministic pseudo-random stream (xorshift32), so a failure names reproducible keys. */
function* keys(count: number): Generator<Uint8Array> {
  let state = 0x12345678;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let index = 0; index < count; index++) {
    const key = new Uint8Array(next() % 48);
    for (let at = 0; at < key.length; at++) key[at] = next() & 0xff;
    yield key;
  }
}

describe("the default partitioner maps keys as Kafka's Java client", () => {
  it("the reference implementation reproduces Kafka's UtilsTest.testMurmur2 vectors", () => {
    const utf8 = new TextEncoder();
    const vectors: [string, number][] = [
      ["21", -973932308],
      ["foobar", -790332482],
      ["a-little-bit-long-string", -985981536],
      ["a-little-bit-longer-string", -1486304829],
      ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
      ["abc", 479470107],
    ];
    for (const [key, expected] of vectors) expect(javaMurmur2(utf8.encode(key)), key).toBe(expected);
  });

  it("10,000 keys land on the same partition for every count from 1 to 1,000", () => {
    const chooser = new PartitionChooser("default");
    const all = [...keys(10_000)];
    const mismatches: string[] = [];
    for (const [index, key] of all.entries()) {
      // Every key against a spread of partition counts, and each count from 1 to 1,000 for some key.
      const counts = [1, 2, 3, 7, 12, 100, 999, 1000, (index % 1000) + 1];
      for (const partitionCount of counts) {
        const got = chooser.choose({ topic: "t", key, value: null, partitionCount });
        if (got !== javaPartition(key, partitionCount)) mismatches.push(`key #${index} × ${partitionCount}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("the other partitioners", () => {
  it("sticky keyless records move to another partition when their batch closes", () => {
    let random = 0;
    const chooser = new PartitionChooser("default", {
      random: () => [0.5, 0.1, 0.9][random++ % 3] as number,
    });
    const first = chooser.choose({ topic: "t", key: null, value: null, partitionCount: 4 });
    expect(chooser.choose({ topic: "t", key: null, value: null, partitionCount: 4 })).toBe(first);
    chooser.batchClosed({ topic: "t", partition: first, bytes: 10, partitionCount: 4 });
    const second = chooser.choose({ topic: "t", key: null, value: null, partitionCount: 4 });
    expect(second).not.toBe(first);
  });

  it("with stickyBytesMin, sticky keyless records move on once that many bytes of batches closed on the partition (KIP-794)", () => {
    let random = 0;
    const chooser = new PartitionChooser("default", {
      random: () => [0.5, 0.1, 0.9][random++ % 3] as number,
      stickyBytesMin: 100,
    });
    const choose = () => chooser.choose({ topic: "t", key: null, value: null, partitionCount: 4 });
    const first = choose();
    // Small batches (linger.ms 0 sends each as soon as it exists) keep the partition...
    for (const bytes of [30, 30, 39]) {
      chooser.batchClosed({ topic: "t", partition: first, bytes, partitionCount: 4 });
      expect(choose()).toBe(first);
    }
    // ...a batch of another partition does not count...
    chooser.batchClosed({ topic: "t", partition: (first + 1) % 4, bytes: 1_000, partitionCount: 4 });
    expect(choose()).toBe(first);
    // ...and the batch that brings it to stickyBytesMin moves it on, counting afresh there.
    chooser.batchClosed({ topic: "t", partition: first, bytes: 1, partitionCount: 4 });
    const second = choose();
    expect(second).not.toBe(first);
    chooser.batchClosed({ topic: "t", partition: second, bytes: 99, partitionCount: 4 });
    expect(choose()).toBe(second);
  });

  it("a user partitioner out of range is a typed error", () => {
    const chooser = new PartitionChooser(() => 9);
    expect(() => chooser.choose({ topic: "t", key: null, value: null, partitionCount: 3 })).toThrow(
      expect.objectContaining({ errorName: "INVALID_PARTITIONS" }),
    );
  });
});
