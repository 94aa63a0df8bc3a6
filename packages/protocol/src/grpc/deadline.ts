/**
 * Milliseconds left before a server call's deadline, less `marginMs` (kept back so that the answer
 * reaches the caller before it gives up), at least 1 and at most `fallbackMs`; `fallbackMs` when
 * the caller set no deadline.
 */
export function remainingMs(
  call: { getDeadline(): Date | number },
  fallbackMs: number,
  marginMs = 0,
  now: number = Date.now(),
): number {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (!Number.isFinite(at)) return fallbackMs;
  return Math.max(1, Math.min(fallbackMs, at - now - marginMs));
}
