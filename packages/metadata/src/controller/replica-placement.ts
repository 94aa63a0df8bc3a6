/**
 * Rack-aware replica placement (Kafka's AdminUtils.assignReplicasToBrokers, rack-aware variant).
 *
 * Brokers are ordered alternating racks (a1, b1, c1, a2, b2, ...). Partition p's first replica
 * (its preferred leader) is the broker at (start + p) mod n, so preferred leaders spread evenly;
 * later replicas follow at a shift that grows every n partitions, skipping brokers on a rack or
 * broker already used while unused racks remain. Deterministic given the brokers and `random`.
 */

import { type RandomSource, randomInt } from "@rill/protocol/random";
import { assert } from "../assert.js";
import type { BrokerId } from "../records/metadata-record.js";

export interface PlacementBroker {
  readonly brokerId: BrokerId;
  readonly rack: string | null;
}

export interface PlacementRequest {
  readonly brokers: readonly PlacementBroker[];
  readonly numPartitions: number;
  readonly replicationFactor: number;
  /** Index of the first partition to place (for added partitions). */
  readonly firstPartition?: number;
}

/** Brokers ordered so that consecutive brokers are on different racks where possible. */
export function rackAlternatedBrokers(brokers: readonly PlacementBroker[]): PlacementBroker[] {
  const byRack = new Map<string, PlacementBroker[]>();
  for (const broker of [...brokers].sort((a, b) => a.brokerId - b.brokerId)) {
    const rack = broker.rack ?? "";
    const list = byRack.get(rack) ?? [];
    list.push(broker);
    byRack.set(rack, list);
  }
  const racks = [...byRack.keys()].sort();
  const result: PlacementBroker[] = [];
  for (let round = 0; result.length < brokers.length; round++) {
    for (const rack of racks) {
      const broker = byRack.get(rack)![round];
      if (broker !== undefined) result.push(broker);
    }
  }
  return result;
}

/** Replica lists for partitions firstPartition.., preferred leader first. */
export function placeReplicas(request: PlacementRequest, random: RandomSource): BrokerId[][] {
  const brokers = rackAlternatedBrokers(request.brokers);
  const n = brokers.length;
  const { replicationFactor, numPartitions } = request;
  assert(
    n > 0 && replicationFactor >= 1 && replicationFactor <= n,
    "placement: 1 <= replication factor <= brokers",
  );
  const numRacks = new Set(brokers.map((broker) => broker.rack ?? "")).size;
  const startIndex = randomInt(random, n);
  let nextReplicaShift = randomInt(random, n);
  const firstPartition = request.firstPartition ?? 0;
  const assignments: BrokerId[][] = [];
  for (let offset = 0; offset < numPartitions; offset++) {
    const partition = firstPartition + offset;
    if (offset > 0 && partition % n === 0) nextReplicaShift++;
    const firstIndex = (partition + startIndex) % n;
    const first = brokers[firstIndex]!;
    const replicas = [first.brokerId];
    const racksUsed = new Set([first.rack ?? ""]);
    const brokersUsed = new Set([first.brokerId]);
    for (let k = 0; replicas.length < replicationFactor; k++) {
      assert(k < n * n + n, "placement: no candidate found");
      const shift = n === 1 ? 0 : 1 + ((nextReplicaShift + k) % (n - 1));
      const candidate = brokers[(firstIndex + shift) % n]!;
      const rack = candidate.rack ?? "";
      const rackOk = !racksUsed.has(rack) || racksUsed.size === numRacks;
      if (rackOk && !brokersUsed.has(candidate.brokerId)) {
        replicas.push(candidate.brokerId);
        racksUsed.add(rack);
        brokersUsed.add(candidate.brokerId);
      }
    }
    assignments.push(replicas);
  }
  return assignments;
}
