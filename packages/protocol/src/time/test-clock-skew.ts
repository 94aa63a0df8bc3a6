/**
 * TESTS ONLY: a skewed wall clock for one process, as libfaketime gives one (our CI cannot install
 * it). The fault suite starts a broker or controller with
 * - `RILL_TEST_CLOCK_OFFSET_MS=<ms>`: the wall clock is that far ahead (negative: behind) from
 *   the start, and
 * - `RILL_TEST_CLOCK_JUMP=<afterMs>:<deltaMs>`: `afterMs` after start-up it jumps by `deltaMs`
 *   at once (as a step by NTP or an operator would).
 * Only `Date.now` moves (every timestamp, deadline and age in Rill is taken from it, directly or
 * through systemClock); timers and `performance.now` keep real, monotonic time, as they do when a
 * real wall clock is stepped. `new Date()` without arguments is not moved. Never set in production.
 */
export const TEST_CLOCK_OFFSET_ENV = "RILL_TEST_CLOCK_OFFSET_MS";
export const TEST_CLOCK_JUMP_ENV = "RILL_TEST_CLOCK_JUMP";

function integer(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${JSON.stringify(text)} is not an integer`);
  return value;
}

/**
 * Installs the skew the environment asks for; returns a description of it (for a start-up log
 * line), or undefined when none is set. `onJump` is told when the jump has happened (tests wait
 * for it). Throws on a malformed value (the process must not start with a clock other than the
 * test asked for).
 */
export function installTestClockSkew(
  env: Readonly<Record<string, string | undefined>>,
  onJump: (description: string) => void = () => {},
): string | undefined {
  const offsetText = env[TEST_CLOCK_OFFSET_ENV];
  const jumpText = env[TEST_CLOCK_JUMP_ENV];
  if (offsetText === undefined && jumpText === undefined) return undefined;
  let offsetMs = offsetText === undefined ? 0 : integer(TEST_CLOCK_OFFSET_ENV, offsetText);
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + offsetMs;
  let description = `${TEST_CLOCK_OFFSET_ENV}=${offsetMs}`;
  if (jumpText !== undefined) {
    const match = /^(\d+):(-?\d+)$/.exec(jumpText);
    if (match === null)
      throw new Error(`${TEST_CLOCK_JUMP_ENV}=${JSON.stringify(jumpText)} is not <afterMs>:<deltaMs>`);
    const deltaMs = integer(TEST_CLOCK_JUMP_ENV, match[2] as string);
    setTimeout(
      () => {
        offsetMs += deltaMs;
        onJump(`test clock jumped by ${deltaMs} ms (offset now ${offsetMs} ms)`);
      },
      integer(TEST_CLOCK_JUMP_ENV, match[1] as string),
    ).unref();
    description += `, jumping by ${deltaMs} ms after ${match[1]} ms`;
  }
  return `test clock skew (tests only): ${description}`;
}
