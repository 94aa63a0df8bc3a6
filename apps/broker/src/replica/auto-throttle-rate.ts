import type { AutoThrottleSettings } from "@rill/metadata";

/** Above the bound the rate is multiplied by this (a quick retreat when produce suffers)... */
export const AUTO_THROTTLE_DECREASE_FACTOR = 0.5;
/** ...and below this share of the bound it grows by AUTO_THROTTLE_INCREASE_SHARE of the range. */
export const AUTO_THROTTLE_RAISE_BELOW_SHARE = 0.8;
/** Additive increase per window: this share of (max - min), so min to max takes ten quiet windows. */
export const AUTO_THROTTLE_INCREASE_SHARE = 0.1;

/**
 * The automatic reassignment throttle's rate controller (additive increase, multiplicative
 * decrease, as TCP's congestion control): given the rate of the last window and the leader's
 * produce p99 in it (undefined: no produce was answered, so nothing to protect), the rate for the
 * next window, always within [min, max]. Between AUTO_THROTTLE_RAISE_BELOW_SHARE of the bound and
 * the bound the rate holds, so that it does not swing on every window. Pure.
 */
export function nextAutoThrottleRate(
  currentBytesPerSecond: number,
  produceP99Ms: number | undefined,
  settings: AutoThrottleSettings,
): number {
  const { minBytesPerSecond: min, maxBytesPerSecond: max, produceP99MsMax: bound } = settings;
  const current = Math.min(max, Math.max(min, currentBytesPerSecond));
  if (produceP99Ms !== undefined && produceP99Ms > bound) {
    return Math.max(min, Math.floor(current * AUTO_THROTTLE_DECREASE_FACTOR));
  }
  if (produceP99Ms === undefined || produceP99Ms < bound * AUTO_THROTTLE_RAISE_BELOW_SHARE) {
    const step = Math.max(1, Math.floor((max - min) * AUTO_THROTTLE_INCREASE_SHARE));
    return Math.min(max, current + step);
  }
  return current;
}
