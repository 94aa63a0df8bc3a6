/**
 * Helpers for tests, benchmarks and process harnesses of every package (`@rill/protocol/testing`):
 * polling with a deadline, free ports, and child processes that die with their harness.
 * Production code does not import this subpath.
 */
export { dieWithParent } from "./die-with-parent.js";
export { freePort, freePorts } from "./free-ports.js";
export { type WaitForOptions, waitFor } from "./wait-for.js";
