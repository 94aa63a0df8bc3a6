export { type ProcessRuntime, type ProcessRuntimeOptions, startProcessRuntime } from "./start.js";
