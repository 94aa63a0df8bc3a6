import { RillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { Backoff } from "../src/retry/backoff.js";
import type { Clock } from "../src/retry/clock.js";
import { Deadline } from "../src/retry/deadline.js";
import { failureOutcome } from "../src/retry/outcome.js";
import { type RetryDecision, retryUntilDeadline } from "../src/retry/retry-loop.js";

/** A clock whose sleeps advance time at once and are recorded. */
function fakeClock(): Clock & { sleeps: number[] } {
  let nowMs = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (delayMs) => {
      sleeps.push(delayMs);
      nowMs += delayMs;
    },
  };
}

const notDone = (name: "LEADER_NOT_AVAILABLE" | "NOT_CONTROLLER" | "INVALID_REQUEST") => new RillError(name);
const timedOut = () => new RillError("REQUEST_TIMED_OUT", "no answer", { details: { indeterminate: true } });

function run(options: {
  clock: Clock;
  timeoutMs: number;
  mutating: boolean;
  retryAfterIndeterminate?: boolean;
  failures: (attempt: number) => RillError | undefined;
  decide?: (error: RillError) => RetryDecision;
}) {
  return retryUntilDeadline({
    operation: "test-op",
    deadline: new Deadline(options.clock, options.timeoutMs),
    clock: options.clock,
    backoff: new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.2, random: () => 0.5 }),
    mutating: options.mutating,
    retryAfterIndeterminate: options.retryAfterIndeterminate ?? true,
    attempt: async ({ attempt }) => {
      const failure = options.failures(attempt);
      if (failure !== undefined) throw failure;
      return `ok after ${attempt}`;
    },
    decide: options.decide ?? ((error) => (error.retriable ? "backoff" : "fail")),
  });
}

describe("Backoff", () => {
  it("grows exponentially, caps at maxMs and spreads by the jitter", () => {
    const middle = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.2, random: () => 0.5 });
    expect([1, 2, 3, 4, 5, 6].map((retry) => middle.delayMs(retry))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    const low = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.2, random: () => 0 });
    const high = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0.2, random: () => 0.999_999 });
    expect(low.delayMs(1)).toBe(80);
    expect(high.delayMs(1)).toBe(120);
    expect(high.delayMs(10)).toBe(1_200);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => middle.delayMs(0)).toThrow(RangeError);
  });
});

describe("retryUntilDeadline", () => {
  it("retries retriable failures with backoff and returns the value", async () => {
    const clock = fakeClock();
    const outcome = await run({
      clock,
      timeoutMs: 10_000,
      mutating: true,
      failures: (attempt) => (attempt < 4 ? notDone("LEADER_NOT_AVAILABLE") : undefined),
    });
    expect(outcome).toEqual({ value: "ok after 4", attempts: 4, earlierAttemptMayHaveTakenEffect: false });
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it("never sleeps past the deadline and then throws the last error, marked with the attempts", async () => {
    const clock = fakeClock();
    const started = clock.now();
    const error = await run({
      clock,
      timeoutMs: 2_500,
      mutating: false,
      failures: () => notDone("LEADER_NOT_AVAILABLE"),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RillError);
    expect((error as RillError).errorName).toBe("LEADER_NOT_AVAILABLE");
    expect((error as RillError).details.attempts).toBe(5);
    expect((error as RillError).message).toMatch(/test-op: gave up after 5 attempt\(s\) at the deadline/);
    // 100 + 200 + 400 + 800 = 1500, then the last sleep is cut to the 1000 ms left.
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000]);
    expect(clock.now() - started).toBe(2_500);
    expect(failureOutcome(error)).toBe("failed");
  });

  it("reports the failure before a last attempt that the deadline cut short", async () => {
    const clock = fakeClock();
    const error = await run({
      clock,
      timeoutMs: 1_000,
      mutating: false,
      failures: (attempt) => {
        if (attempt < 3) return notDone("LEADER_NOT_AVAILABLE");
        clock.sleep(1_000); // this attempt runs into the deadline
        return new RillError("REQUEST_TIMED_OUT", "cut short", { details: { indeterminate: false } });
      },
    }).catch((caught: unknown) => caught);
    expect((error as RillError).errorName).toBe("LEADER_NOT_AVAILABLE");
    expect((error as RillError).details.attempts).toBe(3);
  });

  it("throws a non-retriable error at once, unchanged", async () => {
    const clock = fakeClock();
    const original = notDone("INVALID_REQUEST");
    const error = await run({ clock, timeoutMs: 5_000, mutating: true, failures: () => original }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBe(original);
    expect(clock.sleeps).toEqual([]);
  });

  it("goes again at once on a redirect, but backs off after too many in a row", async () => {
    const clock = fakeClock();
    const outcome = await run({
      clock,
      timeoutMs: 5_000,
      mutating: true,
      failures: (attempt) => (attempt <= 5 ? notDone("NOT_CONTROLLER") : undefined),
      decide: () => "redirect",
    });
    expect(outcome.attempts).toBe(6);
    expect(clock.sleeps).toEqual([100]);
  });

  it("reports a mutating operation that timed out as INDETERMINATE, never as failed", async () => {
    const clock = fakeClock();
    const error = await run({
      clock,
      timeoutMs: 1_000,
      mutating: true,
      failures: (attempt) => (attempt === 1 ? timedOut() : notDone("LEADER_NOT_AVAILABLE")),
    }).catch((caught: unknown) => caught);
    expect((error as RillError).errorName).toBe("INDETERMINATE");
    expect(((error as RillError).cause as RillError).errorName).toBe("LEADER_NOT_AVAILABLE");
    expect(failureOutcome(error)).toBe("unknown");
  });

  it("stops at the first unknown outcome when retrying could duplicate", async () => {
    const clock = fakeClock();
    const error = await run({
      clock,
      timeoutMs: 10_000,
      mutating: true,
      retryAfterIndeterminate: false,
      failures: () => timedOut(),
    }).catch((caught: unknown) => caught);
    expect((error as RillError).errorName).toBe("INDETERMINATE");
    expect((error as RillError).details.attempts).toBe(1);
  });

  it("says when a later success may have followed an attempt that took effect", async () => {
    const clock = fakeClock();
    const outcome = await run({
      clock,
      timeoutMs: 10_000,
      mutating: true,
      failures: (attempt) => (attempt === 1 ? timedOut() : undefined),
    });
    expect(outcome.earlierAttemptMayHaveTakenEffect).toBe(true);
  });

  it("stops when aborted", async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const error = await retryUntilDeadline({
      operation: "test-op",
      deadline: new Deadline(clock, 10_000),
      clock,
      backoff: new Backoff({ random: () => 0.5 }),
      signal: controller.signal,
      mutating: true,
      retryAfterIndeterminate: true,
      attempt: async () => {
        controller.abort();
        throw notDone("LEADER_NOT_AVAILABLE");
      },
      decide: () => "backoff",
    }).catch((caught: unknown) => caught);
    expect((error as RillError).errorName).toBe("LEADER_NOT_AVAILABLE");
    expect((error as RillError).message).toMatch(/aborted/);
  });
});
