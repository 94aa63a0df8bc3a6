export * from "./errors/index.js";
export { RILL_VERSION } from "./version.js";
