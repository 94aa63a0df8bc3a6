import { isAssertionFailure } from "./assertion.js";

/**
 * For code that catches errors to answer or log them (request handlers, background loops): an
 * AssertionFailure must not be answered or logged-and-ignored. This rethrows it outside any promise
 * chain, where the process's uncaught-exception handler (@rill/runtime's lifecycle) logs it as
 * fatal and exits non-zero. Returns true when `error` was one (the caller must then not answer).
 */
export function escalateAssertionFailure(error: unknown): boolean {
  if (!isAssertionFailure(error)) return false;
  process.nextTick(() => {
    throw error;
  });
  return true;
}
