import { isDefinitelyNotDone, isRillError } from "@rill/protocol";

/**
 * How a failed client call ended, for callers that must act differently: "failed" means the
 * operation certainly did not take effect (safe to retry or report as not done); "unknown" means
 * it may have (a timeout or lost connection after sending, a server that failed mid-way). The
 * CLI exits 1 and 3 on these. An error that is not a RillError is a bug on this side: "failed".
 */
export type FailureOutcome = "failed" | "unknown";

export function failureOutcome(error: unknown): FailureOutcome {
  if (!isRillError(error)) return "failed";
  return isDefinitelyNotDone(error) ? "failed" : "unknown";
}
