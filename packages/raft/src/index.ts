// Public API of @rill/raft; each module adds its exports here.
export type * from "./core/types.js";
