/**
 * Time as the client sees it, injected so tests can run retry loops on a fake clock: `now` for
 * deadlines and `sleep` for backoff (the shared SleepingClock). The real one uses Date.now and
 * setTimeout.
 */
export { type SleepingClock as Clock, systemClock } from "@rill/protocol/time";
