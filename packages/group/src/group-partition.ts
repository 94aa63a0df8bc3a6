/**
 * The `__consumer_offsets` partition of a group, as Kafka computes it
 * (`Utils.abs(groupId.hashCode) % partitionCount`), so a group maps to the same partition index
 * as in Kafka: Java's String.hashCode over UTF-16 code units, and Kafka's abs, which maps
 * Integer.MIN_VALUE to 0.
 */
export function groupPartition(groupId: string, partitionCount: number): number {
  if (!(Number.isSafeInteger(partitionCount) && partitionCount > 0)) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}

/** Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] in 32-bit two's complement. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index += 1) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  }
  return hash;
}

function kafkaAbs(value: number): number {
  return value === -2147483648 ? 0 : Math.abs(value);
}
