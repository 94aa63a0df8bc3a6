// Public API of @rill/raft; each module adds its exports here.

export * from "./client/index.js";
export * from "./core/index.js";
export type * from "./core/types.js";
export * from "./driver/index.js";
export * from "./storage/index.js";
export * from "./transport/index.js";
