export {
  compress,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  decompress,
} from "./compression.js";
