// Minimal typings for untyped compression libraries (only what Rill calls).
declare module "snappyjs" {
  export function compress(input: Uint8Array): Uint8Array;
  /** Throws when the declared uncompressed length exceeds `maxLength` or the data is invalid. */
  export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
}

declare module "lz4js" {
  export function compressBound(length: number): number;
  /** Compresses src[sIndex, sIndex + sLength) into dst; returns the compressed size (0 = incompressible). */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
}

declare module "lz4js/xxh32.js" {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}
