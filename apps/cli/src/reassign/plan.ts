/**
 * Reassignment plans: the JSON file `rill reassign --generate` prints and `--execute`, `--verify`
 * and `--cancel` read, and the pure planner behind `--generate`. Pure, so plans can be tested and
 * printed without a cluster.
 */
import { UsageError } from "../errors.js";

export const planVersion = 1;
/** Partitions one plan may name (a guard on the file read, not a cluster limit). */
export const planPartitionsMax = 100_000;
/** Replicas one partition may have in a plan. */
export const planReplicasMax = 64;

export interface PartitionAssignment {
  readonly topic: string;
  readonly partition: number;
  /** Broker ids in preference order: the first is the preferred leader. */
  readonly replicas: readonly number[];
}

export interface ReassignmentPlan {
  readonly version: number;
  readonly partitions: readonly PartitionAssignment[];
}

export interface PlanBroker {
  readonly nodeId: number;
  /** "" when the broker has no rack. */
  readonly rack: string;
}

/** What a plan changes, per broker: replicas it gains (copies to make) and loses. */
export interface PlanSummary {
  readonly partitionsMoved: number;
  readonly replicasAdded: Readonly<Record<string, number>>;
  readonly replicasRemoved: Readonly<Record<string, number>>;
  /** Bytes each broker copies in (the partition's size on its leader, per replica it gains). */
  readonly bytesAdded: Readonly<Record<string, number>>;
  /** The sum of bytesAdded: what the plan moves over the network. */
  readonly bytesToMove: number;
  /** Replicas and preferred leaderships per broker after the plan. */
  readonly replicasAfter: Readonly<Record<string, number>>;
  readonly leadersAfter: Readonly<Record<string, number>>;
}

/**
 * A balanced assignment of `current` over `brokers`, keeping each partition's replication factor
 * and moving as few replicas as it can: a replica stays where it is when its broker is in the
 * list and not above its fair share; missing replicas go to the least loaded broker, preferring a
 * rack the partition does not use yet (rack-aware, as Kafka places replicas); then preferred
 * leaders are spread so no broker leads more than its share.
 */
export function generatePlan(
  current: readonly PartitionAssignment[],
  brokers: readonly PlanBroker[],
): ReassignmentPlan {
  const ids = [...new Set(brokers.map((broker) => broker.nodeId))].sort((a, b) => a - b);
  const rackOf = new Map(brokers.map((broker) => [broker.nodeId, broker.rack]));
  const maxFactor = Math.max(0, ...current.map((entry) => entry.replicas.length));
  if (current.length > 0 && maxFactor > ids.length) {
    throw new UsageError(
      `a partition has ${maxFactor} replicas but only ${ids.length} brokers were given; give at least ${maxFactor}`,
    );
  }
  const totalReplicas = current.reduce((sum, entry) => sum + entry.replicas.length, 0);
  const replicaCap = Math.ceil(totalReplicas / Math.max(1, ids.length));
  const load = new Map(ids.map((id) => [id, 0]));
  const kept: number[][] = current.map(() => []);

  // Pass 1: keep every replica already on a listed broker; then, while a broker holds more than
  // its fair share, drop one of its replicas from the partition that still keeps the most (so the
  // copies to make spread over partitions), sparing its preferred leaderships when it can.
  // Quadratic in the worst case; fine for plans of thousands of partitions.
  current.forEach((entry, index) => {
    for (const replica of entry.replicas) {
      const count = load.get(replica);
      if (count === undefined) continue;
      kept[index]?.push(replica);
      load.set(replica, count + 1);
    }
  });
  for (;;) {
    const over = ids.filter((id) => (load.get(id) ?? 0) > replicaCap);
    over.sort((a, b) => (load.get(b) ?? 0) - (load.get(a) ?? 0) || a - b);
    const broker = over[0];
    if (broker === undefined) break;
    let chosen = -1;
    let chosenScore = -1;
    kept.forEach((replicas, index) => {
      const position = replicas.indexOf(broker);
      if (position < 0) return;
      const score = replicas.length * 2 + (position > 0 ? 1 : 0);
      if (score > chosenScore) {
        chosen = index;
        chosenScore = score;
      }
    });
    const replicas = kept[chosen];
    if (replicas === undefined) break;
    replicas.splice(replicas.indexOf(broker), 1);
    load.set(broker, (load.get(broker) ?? 0) - 1);
  }
  // Pass 2: fill each partition up to its factor on the least loaded brokers, new racks first.
  const assigned = current.map((entry, index) => {
    const replicas = [...(kept[index] ?? [])];
    while (replicas.length < entry.replicas.length) {
      const usedRacks = new Set(replicas.map((id) => rackOf.get(id) ?? ""));
      const candidates = ids.filter((id) => !replicas.includes(id));
      candidates.sort((a, b) => {
        const rackA = usedRacks.has(rackOf.get(a) ?? "") && (rackOf.get(a) ?? "") !== "" ? 1 : 0;
        const rackB = usedRacks.has(rackOf.get(b) ?? "") && (rackOf.get(b) ?? "") !== "" ? 1 : 0;
        return rackA - rackB || (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b;
      });
      const chosen = candidates[0];
      if (chosen === undefined) break;
      replicas.push(chosen);
      load.set(chosen, (load.get(chosen) ?? 0) + 1);
    }
    return replicas;
  });
  // Pass 3: spread preferred leaders (the first replica) within each broker's share.
  const leaderCap = Math.ceil(current.length / Math.max(1, ids.length));
  const leaders = new Map(ids.map((id) => [id, 0]));
  for (const replicas of assigned) {
    const first = replicas[0];
    if (first !== undefined) leaders.set(first, (leaders.get(first) ?? 0) + 1);
  }
  for (const replicas of assigned) {
    const first = replicas[0];
    if (first === undefined || (leaders.get(first) ?? 0) <= leaderCap) continue;
    const better = replicas
      .slice(1)
      .filter((id) => (leaders.get(id) ?? 0) < leaderCap)
      .sort((a, b) => (leaders.get(a) ?? 0) - (leaders.get(b) ?? 0) || a - b)[0];
    if (better === undefined) continue;
    replicas.splice(replicas.indexOf(better), 1);
    replicas.unshift(better);
    leaders.set(first, (leaders.get(first) ?? 0) - 1);
    leaders.set(better, (leaders.get(better) ?? 0) + 1);
  }
  return {
    version: planVersion,
    partitions: current.map((entry, index) => ({
      topic: entry.topic,
      partition: entry.partition,
      replicas: assigned[index] ?? [],
    })),
  };
}

/** The key of a partition in maps of sizes: `topic/partition`. */
export function partitionKey(entry: { readonly topic: string; readonly partition: number }): string {
  return `${entry.topic}/${entry.partition}`;
}

/**
 * Counts what moving from `current` to `plan` copies and removes, and the result's balance.
 * `sizeBytes` holds each partition's size on its leader (by partitionKey); a partition missing
 * from it counts 0 bytes.
 */
export function summarizePlan(
  current: readonly PartitionAssignment[],
  plan: ReassignmentPlan,
  sizeBytes: ReadonlyMap<string, number> = new Map(),
): PlanSummary {
  const key = partitionKey;
  const before = new Map(current.map((entry) => [key(entry), entry.replicas]));
  const added: Record<string, number> = {};
  const bytesAdded: Record<string, number> = {};
  let bytesToMove = 0;
  const removed: Record<string, number> = {};
  const replicasAfter: Record<string, number> = {};
  const leadersAfter: Record<string, number> = {};
  const bump = (counts: Record<string, number>, id: number) => {
    counts[String(id)] = (counts[String(id)] ?? 0) + 1;
  };
  let partitionsMoved = 0;
  for (const entry of plan.partitions) {
    const old = before.get(key(entry)) ?? [];
    const gained = entry.replicas.filter((id) => !old.includes(id));
    const lost = old.filter((id) => !entry.replicas.includes(id));
    if (gained.length > 0 || lost.length > 0) partitionsMoved += 1;
    const size = sizeBytes.get(key(entry)) ?? 0;
    for (const id of gained) {
      bump(added, id);
      bytesAdded[String(id)] = (bytesAdded[String(id)] ?? 0) + size;
      bytesToMove += size;
    }
    for (const id of lost) bump(removed, id);
    for (const id of entry.replicas) bump(replicasAfter, id);
    const leader = entry.replicas[0];
    if (leader !== undefined) bump(leadersAfter, leader);
  }
  return {
    partitionsMoved,
    replicasAdded: added,
    replicasRemoved: removed,
    bytesAdded,
    bytesToMove,
    replicasAfter,
    leadersAfter,
  };
}

/** Reads a plan file's JSON; every problem is a usage error naming the entry. */
export function parsePlan(text: string, source: string): ReassignmentPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const plan = value as { version?: unknown; partitions?: unknown };
  if (typeof value !== "object" || value === null) throw new UsageError(`${source}: expected a JSON object`);
  if (plan.version !== planVersion) {
    throw new UsageError(`${source}: "version" must be ${planVersion}, got ${JSON.stringify(plan.version)}`);
  }
  if (!Array.isArray(plan.partitions) || plan.partitions.length === 0) {
    throw new UsageError(`${source}: "partitions" must be a non-empty array`);
  }
  if (plan.partitions.length > planPartitionsMax) {
    throw new UsageError(`${source}: more than ${planPartitionsMax} partitions`);
  }
  const seen = new Set<string>();
  const partitions = plan.partitions.map((raw: unknown, index: number): PartitionAssignment => {
    const where = `${source}: partitions[${index}]`;
    const entry = raw as { topic?: unknown; partition?: unknown; replicas?: unknown };
    if (typeof raw !== "object" || raw === null) throw new UsageError(`${where} is not an object`);
    if (typeof entry.topic !== "string" || entry.topic.length === 0) {
      throw new UsageError(`${where}: "topic" must be a non-empty string`);
    }
    if (!Number.isSafeInteger(entry.partition) || (entry.partition as number) < 0) {
      throw new UsageError(`${where}: "partition" must be an integer >= 0`);
    }
    const replicas = entry.replicas;
    if (!Array.isArray(replicas) || replicas.length === 0 || replicas.length > planReplicasMax) {
      throw new UsageError(`${where}: "replicas" must list 1 to ${planReplicasMax} broker ids`);
    }
    for (const id of replicas) {
      if (!Number.isSafeInteger(id) || (id as number) < 0) {
        throw new UsageError(`${where}: replica ${JSON.stringify(id)} is not a broker id`);
      }
    }
    if (new Set(replicas).size !== replicas.length) {
      throw new UsageError(`${where}: replicas ${JSON.stringify(replicas)} name a broker twice`);
    }
    const key = `${entry.topic}/${entry.partition}`;
    if (seen.has(key)) throw new UsageError(`${where}: ${key} appears twice in the plan`);
    seen.add(key);
    return { topic: entry.topic, partition: entry.partition as number, replicas: replicas as number[] };
  });
  return { version: planVersion, partitions };
}

/**
 * The moves that take every replica off `leaving`: each partition holding it gets, in its place,
 * the least loaded of `brokers` it does not use yet (a rack it does not use first). Only those
 * partitions move; `current` should be the whole cluster so that load counts are real.
 */
export function decommissionPlan(
  current: readonly PartitionAssignment[],
  brokers: readonly PlanBroker[],
  leaving: number,
): ReassignmentPlan {
  const remaining = brokers.filter((broker) => broker.nodeId !== leaving);
  const rackOf = new Map(brokers.map((broker) => [broker.nodeId, broker.rack]));
  const load = new Map(remaining.map((broker) => [broker.nodeId, 0]));
  for (const entry of current) {
    for (const id of entry.replicas) if (load.has(id)) load.set(id, (load.get(id) ?? 0) + 1);
  }
  const partitions: PartitionAssignment[] = [];
  for (const entry of current) {
    const position = entry.replicas.indexOf(leaving);
    if (position < 0) continue;
    const others = entry.replicas.filter((id) => id !== leaving);
    const usedRacks = new Set(others.map((id) => rackOf.get(id) ?? "").filter((rack) => rack !== ""));
    const candidates = [...load.keys()].filter((id) => !others.includes(id));
    candidates.sort((a, b) => {
      const rackA = usedRacks.has(rackOf.get(a) ?? "") ? 1 : 0;
      const rackB = usedRacks.has(rackOf.get(b) ?? "") ? 1 : 0;
      return rackA - rackB || (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b;
    });
    const replacement = candidates[0];
    if (replacement === undefined) {
      throw new UsageError(
        `${entry.topic}/${entry.partition} has ${entry.replicas.length} replicas and no other broker can take the one on ${leaving}`,
      );
    }
    load.set(replacement, (load.get(replacement) ?? 0) + 1);
    const replicas = [...entry.replicas];
    replicas[position] = replacement;
    // The leaving broker loses its preferred leaderships too: the replacement goes last when
    // the leaving broker was the preferred leader.
    partitions.push({
      topic: entry.topic,
      partition: entry.partition,
      replicas: position === 0 ? [...others, replacement] : replicas,
    });
  }
  return { version: planVersion, partitions };
}
