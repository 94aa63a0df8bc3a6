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

const CLUSTER = { type: "cluster", name: "" } as const;

/** The throttle in force, in bytes per second; undefined when reassignment traffic is not limited. */
export function reassignmentThrottleOf(image: MetadataImage): number | undefined {
  const value = image.configsOf(CLUSTER).get(REASSIGNMENT_THROTTLE_CONFIG);
  if (value === undefined) return undefined;
  const rate = Number(value);
  return Number.isSafeInteger(rate) && rate > 0 ? rate : undefined;
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

/** Removes the throttle when it is set and no partition is moving; response: whether it did. */
export function clearIdleReassignmentThrottle(image: MetadataImage): ControllerResult<boolean> {
  if (!image.configsOf(CLUSTER).has(REASSIGNMENT_THROTTLE_CONFIG) || anyPartitionMoving(image)) {
    return { records: [], response: false };
  }
  return {
    records: [{ type: "Config", resource: CLUSTER, key: REASSIGNMENT_THROTTLE_CONFIG, value: null }],
    response: true,
  };
}
