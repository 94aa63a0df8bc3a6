// Public API of @rill/runtime; each module adds its exports here.

export * from "./config/index.js";
export * from "./data-dir/index.js";
export * from "./health/index.js";
export * from "./lifecycle/index.js";
export * from "./log/index.js";
export * from "./metrics/index.js";
export * from "./process/index.js";
