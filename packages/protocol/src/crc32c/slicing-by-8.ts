/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Kafka's RecordBatch v2 uses
 * over attributes..end of batch. Table-driven slicing-by-8: eight 256-entry tables let the loop
 * consume 8 bytes per iteration. The portable fallback behind crc32c.ts, and the faster choice
 * for short inputs (below a native call's overhead).
 */
const POLYNOMIAL_REFLECTED = 0x82f63b78;
const SLICES = 8;

const TABLES: Uint32Array = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(256 * SLICES);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n] as number;
    for (let slice = 1; slice < SLICES; slice++) {
      c = (tables[c & 0xff] as number) ^ (c >>> 8);
      tables[slice * 256 + n] = c >>> 0;
    }
  }
  return tables;
}

/**
 * Continues a CRC-32C over `bytes[start, end)` from a previous result (`previous` = 0 to start).
 * Returns an unsigned 32-bit integer.
 */
export function crc32cSlicingBy8(previous: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!(start >= 0 && end <= bytes.length && start <= end)) {
    throw new RangeError(`crc32c range [${start}, ${end}) outside [0, ${bytes.length}]`);
  }
  const t = TABLES;
  let crc = ~previous | 0;
  let i = start;
  // Byte-wise until 8 bytes remain aligned to the loop; alignment of the underlying buffer does
  // not matter because we read bytes, not words.
  const fastEnd = end - ((end - i) & 7);
  while (i < fastEnd) {
    const lo =
      crc ^
      ((bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24));
    const hi =
      (bytes[i + 4] as number) |
      ((bytes[i + 5] as number) << 8) |
      ((bytes[i + 6] as number) << 16) |
      ((bytes[i + 7] as number) << 24);
    crc =
      (t[1792 + (lo & 0xff)] as number) ^
      (t[1536 + ((lo >>> 8) & 0xff)] as number) ^
      (t[1280 + ((lo >>> 16) & 0xff)] as number) ^
      (t[1024 + (lo >>> 24)] as number) ^
      (t[768 + (hi & 0xff)] as number) ^
      (t[512 + ((hi >>> 8) & 0xff)] as number) ^
      (t[256 + ((hi >>> 16) & 0xff)] as number) ^
      (t[hi >>> 24] as number);
    i += 8;
  }
  while (i < end) {
    crc = (t[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
    i++;
  }
  return ~crc >>> 0;
}
