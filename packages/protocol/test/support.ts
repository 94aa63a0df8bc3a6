import { expect } from "vitest";
import { isRillError } from "../src/index.js";

/** Runs `action` and asserts it threw RillError CORRUPT_MESSAGE (and nothing else). */
export function expectCorrupt(action: () => unknown): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(isRillError(thrown, "CORRUPT_MESSAGE"), `expected CORRUPT_MESSAGE, got ${String(thrown)}`).toBe(
    true,
  );
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
