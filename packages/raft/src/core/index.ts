// Public API of the pure Raft core. See ready.ts for the host's I/O contract.

export { RaftInvariantError } from "./assert.js";
export type * from "./config.js";
export * from "./describe.js";
export {
  applyConfigChange,
  committedIndex,
  decodeConfigChange,
  ENDPOINT_ADDRESS_BYTES_MAX,
  encodeConfigChange,
  endpointOf,
  quorumSize,
  validateConfigChange,
} from "./membership.js";
export { MemoryLog } from "./memory-log.js";
export type * from "./messages.js";
export * from "./raft-core.js";
export type * from "./ready.js";
export type * from "./types.js";
export { RAFT_NO_NODE } from "./types.js";
