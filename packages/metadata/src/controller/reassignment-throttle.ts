/**
 * The reassignment throttle: a rate (bytes per second) that partition leaders may send to
 * replicas being added, stored as the cluster config `leader.replication.throttled.rate`
 * (Kafka's name for the leader side of its replication throttle). It is set in the same change
 * that starts a move (so it never outlives a move that finished before it was set) and removed
 * by the active controller's periodic check once no partition is moving, whatever ended the
 * moves: completion, cancellation, topic deletion, or a controller failover in between.
 * Pure functions of the image.
 */
import type { MetadataImage } from "../image/metadata-image.js";
import type { ConfigRecord } from "../records/metadata-record.js";
import type { ControllerResult } from "./controller-result.js";

export const REASSIGNMENT_THROTTLE_CONFIG = "leader.replication.throttled.rate";
/**
 * The automatic mode: when "true", each leader moves its reassignment rate between
 * REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG and the rate above (the maximum) by its own produce
 * latency. Set by `rill reassign --execute --throttle auto` right after the moves start; removed
 * with the rate.
 */
export const REASSIGNMENT_THROTTLE_AUTO_CONFIG = "leader.replication.throttled.auto.enable";
/** The automatic mode's lowest rate, bytes per second. */
export const REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG = "leader.replication.throttled.auto.min.rate";
/** The automatic mode's bound on the leader's produce p99, ms: above it the rate goes down. */
export const REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG = "leader.replication.throttled.auto.produce.p99.ms";

/** Every cluster config of the reassignment throttle: the controller removes them all together. */
const THROTTLE_CONFIGS = [
  REASSIGNMENT_THROTTLE_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG,
] as const;

/** The automatic mode's defaults when its bounds are not set. */
export const REASSIGNMENT_THROTTLE_AUTO_DEFAULTS = {
  minBytesPerSecond: 1024 * 1024,
  produceP99MsMax: 100,
} as const;

export interface AutoThrottleSettings {
  readonly minBytesPerSecond: number;
  /** The rate of leader.replication.throttled.rate. */
  readonly maxBytesPerSecond: number;
  readonly produceP99MsMax: number;
}

const CLUSTER = { type: "cluster", name: "" } as const;

/** The throttle in force, in bytes per second; undefined when reassignment traffic is not limited. */
export function reassignmentThrottleOf(image: MetadataImage): number | undefined {
  const value = image.configsOf(CLUSTER).get(REASSIGNMENT_THROTTLE_CONFIG);
  if (value === undefined) return undefined;
  const rate = Number(value);
  return Number.isSafeInteger(rate) && rate > 0 ? rate : undefined;
}

/**
 * The automatic mode's settings when it is on and a rate (its maximum) is in force; undefined
 * otherwise. A bound that does not parse as a positive integer falls back to its default; a
 * minimum above the maximum is the maximum (a fixed rate, then).
 */
export function reassignmentAutoThrottleOf(image: MetadataImage): AutoThrottleSettings | undefined {
  const configs = image.configsOf(CLUSTER);
  const maxBytesPerSecond = reassignmentThrottleOf(image);
  if (maxBytesPerSecond === undefined) return undefined;
  if (configs.get(REASSIGNMENT_THROTTLE_AUTO_CONFIG)?.trim().toLowerCase() !== "true") return undefined;
  const positive = (key: string, fallback: number) => {
    const value = Number(configs.get(key));
    return Number.isSafeInteger(value) && value > 0 ? value : fallback;
  };
  return {
    minBytesPerSecond: Math.min(
      maxBytesPerSecond,
      positive(
        REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG,
        REASSIGNMENT_THROTTLE_AUTO_DEFAULTS.minBytesPerSecond,
      ),
    ),
    maxBytesPerSecond,
    produceP99MsMax: positive(
      REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG,
      REASSIGNMENT_THROTTLE_AUTO_DEFAULTS.produceP99MsMax,
    ),
  };
}

/** The record that sets the throttle to `bytesPerSecond`, or none when it already is that. */
export function setReassignmentThrottle(image: MetadataImage, bytesPerSecond: number): ConfigRecord[] {
  if (reassignmentThrottleOf(image) === bytesPerSecond) return [];
  return [
    { type: "Config", resource: CLUSTER, key: REASSIGNMENT_THROTTLE_CONFIG, value: String(bytesPerSecond) },
  ];
}

function anyPartitionMoving(image: MetadataImage): boolean {
  for (const topic of image.topicsById.values()) {
    for (const partition of topic.partitions.values()) {
      if (partition.addingReplicas.length > 0 || partition.removingReplicas.length > 0) return true;
    }
  }
  return false;
}

/**
 * Removes the throttle (its rate and the automatic mode's settings) when some of it is set and no
 * partition is moving; response: whether it did. The automatic settings are written just after
 * the moves start, so they may land after short moves ended: this removes them then too.
 */
export function clearIdleReassignmentThrottle(image: MetadataImage): ControllerResult<boolean> {
  const configs = image.configsOf(CLUSTER);
  const present = THROTTLE_CONFIGS.filter((key) => configs.has(key));
  if (present.length === 0 || anyPartitionMoving(image)) return { records: [], response: false };
  return {
    records: present.map((key) => ({ type: "Config", resource: CLUSTER, key, value: null }) as const),
    response: true,
  };
}
