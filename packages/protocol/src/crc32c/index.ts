export { CRC32C_IMPLEMENTATION, crc32c, crc32cUpdate, NATIVE_MIN_BYTES } from "./crc32c.js";
export { crc32cSlicingBy8 } from "./slicing-by-8.js";
