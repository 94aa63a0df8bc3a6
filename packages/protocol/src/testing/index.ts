/**
 * Helpers for tests, benchmarks and process harnesses of every package (`@rill/protocol/testing`):
 * polling with a deadline and free ports. Production code does not import this subpath.
 */
export { freePort, freePorts } from "./free-ports.js";
export { type WaitForOptions, waitFor } from "./wait-for.js";
