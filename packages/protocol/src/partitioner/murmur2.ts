/**
 * Kafka's key partitioner, bit for bit: `Utils.murmur2` (MurmurHash2, seed 0x9747b28c, signed
 * 32-bit result) and the default partitioner's `toPositive(murmur2(key)) % numPartitions`, so a
 * key lands on the same partition number as with Kafka's Java client.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's Utils.murmur2: a signed 32-bit integer. */
export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // Kafka's switch falls through from the highest remaining byte down; written out as ifs.
  const tail = length & 3;
  if (tail >= 3) h ^= (bytes[whole + 2] as number) << 16;
  if (tail >= 2) h ^= (bytes[whole + 1] as number) << 8;
  if (tail >= 1) {
    h ^= bytes[whole] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs, which fails on MIN_VALUE). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions <= 0) {
    throw new RangeError(`numPartitions ${numPartitions} is not a positive integer`);
  }
  return toPositive(murmur2(key)) % numPartitions;
}
