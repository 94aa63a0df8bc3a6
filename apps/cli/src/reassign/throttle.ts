import type { AdminClient } from "@rill/client";
import { itemFailure } from "../commands/cluster.js";
import { UsageError } from "../errors.js";
import { formatBytes, parseRate } from "./copy-progress.js";

/** The options of `rill reassign --execute` that ask for a throttle. */
export interface ThrottleOptions {
  readonly throttle?: string;
  readonly throttleMin: string;
  readonly throttleMax: string;
  readonly throttleP99Ms: string;
}

export /** The reassignment throttle asked for: a fixed rate, or the automatic mode's bounds. */
interface ThrottleRequest {
  /** The fixed rate, or the automatic mode's maximum (the rate it starts at). */
  readonly bytesPerSecond: number;
  readonly auto?: { readonly minBytesPerSecond: number; readonly produceP99MsMax: number };
}

/** The cluster config that limits reassignment traffic (set by --execute --throttle). */
export const REASSIGNMENT_THROTTLE_CONFIG = "leader.replication.throttled.rate";

/** The cluster configs of the automatic throttle mode (the rate above is its maximum then). */
const AUTO_CONFIG = "leader.replication.throttled.auto.enable";
const AUTO_MIN_RATE_CONFIG = "leader.replication.throttled.auto.min.rate";
const AUTO_P99_MS_CONFIG = "leader.replication.throttled.auto.produce.p99.ms";

export function describeAuto(
  maxBytesPerSecond: number,
  auto: { readonly minBytesPerSecond: number; readonly produceP99MsMax: number },
): string {
  return `between ${formatBytes(auto.minBytesPerSecond)}/s and ${formatBytes(maxBytesPerSecond)}/s, lowered while a leader's produce p99 exceeds ${auto.produceP99MsMax} ms`;
}

/** Turns the automatic mode on for moves already started at its maximum rate. */
export async function setAutoThrottle(
  admin: AdminClient,
  auto: { readonly minBytesPerSecond: number; readonly produceP99MsMax: number },
): Promise<void> {
  const [result] = await admin.alterConfigs([
    {
      type: "broker",
      name: "",
      changes: [
        { name: AUTO_CONFIG, operation: "set", value: "true" },
        { name: AUTO_MIN_RATE_CONFIG, operation: "set", value: String(auto.minBytesPerSecond) },
        { name: AUTO_P99_MS_CONFIG, operation: "set", value: String(auto.produceP99MsMax) },
      ],
    },
  ]);
  if (result?.error !== null && result?.error !== undefined) {
    throw itemFailure("the moves started at the maximum rate; setting the automatic throttle", result.error);
  }
}

export /** The reassignment throttle in force (bytes per second, and the automatic mode's bounds); null when none. */
async function reassignmentThrottle(admin: AdminClient): Promise<{
  bytesPerSecond: number;
  auto: { minBytesPerSecond: number; produceP99MsMax: number } | null;
} | null> {
  const [result] = await admin.describeConfigs([
    {
      type: "broker",
      name: "",
      configNames: [REASSIGNMENT_THROTTLE_CONFIG, AUTO_CONFIG, AUTO_MIN_RATE_CONFIG, AUTO_P99_MS_CONFIG],
    },
  ]);
  if (result === undefined || result.error !== null) return null;
  const value = (name: string) => result.configs.find((config) => config.name === name)?.value ?? undefined;
  const rate = value(REASSIGNMENT_THROTTLE_CONFIG);
  if (rate === undefined) return null;
  const bytesPerSecond = Number(rate);
  if (value(AUTO_CONFIG)?.toLowerCase() !== "true") return { bytesPerSecond, auto: null };
  // The brokers' defaults when a bound is not set (see the controller's reassignment-throttle).
  return {
    bytesPerSecond,
    auto: {
      minBytesPerSecond: Math.min(
        bytesPerSecond,
        Number(value(AUTO_MIN_RATE_CONFIG) ?? AUTO_DEFAULTS.minBytesPerSecond),
      ),
      produceP99MsMax: Number(value(AUTO_P99_MS_CONFIG) ?? AUTO_DEFAULTS.produceP99MsMax),
    },
  };
}

/** The brokers' defaults for a bound of the automatic mode that is not set. */
const AUTO_DEFAULTS = { minBytesPerSecond: 1024 * 1024, produceP99MsMax: 100 };

/** The throttle the options ask for; undefined when none. A bad rate or bound is a usage error. */
export function throttleRequest(options: ThrottleOptions): ThrottleRequest | undefined {
  if (options.throttle === undefined) return undefined;
  if (options.throttle.trim().toLowerCase() !== "auto") {
    return { bytesPerSecond: parseRate(options.throttle, "--throttle") };
  }
  const minBytesPerSecond = parseRate(options.throttleMin, "--throttle-min");
  const maxBytesPerSecond = parseRate(options.throttleMax, "--throttle-max");
  const produceP99MsMax = Number(options.throttleP99Ms);
  if (minBytesPerSecond <= 0 || minBytesPerSecond > maxBytesPerSecond) {
    throw new UsageError("--throttle-min must be above 0 and at most --throttle-max");
  }
  if (!Number.isSafeInteger(produceP99MsMax) || produceP99MsMax <= 0) {
    throw new UsageError(`--throttle-p99-ms: '${options.throttleP99Ms}' is not a positive number of ms`);
  }
  return { bytesPerSecond: maxBytesPerSecond, auto: { minBytesPerSecond, produceP99MsMax } };
}
