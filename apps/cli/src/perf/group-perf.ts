import { type ChildProcess, spawn } from "node:child_process";
import type { Consumer, Producer, Rill } from "@rill/client";

/** The most members one run starts (each has its own connections). */
export const perfGroupMembersMax = 64;
/** How often the run looks at ownership and deliveries while it waits. */
const probeIntervalMs = 20;

export interface GroupPerfOptions {
  readonly bootstrap: readonly string[];
  /** An existing topic (60 partitions for the figure). */
  readonly topic: string;
  /** Members before the join (10 for the figure); one more joins. */
  readonly members: number;
  /** The members' session timeout (how soon a killed member's partitions move). */
  readonly sessionTimeoutMs: number;
  /** Records of the backlog the 3-member catch-up read consumes. */
  readonly catchUpRecords: number;
  /** Records per second of the steady producer while membership changes. */
  readonly steadyRecordsPerSecond: number;
  /** Gives up a phase after this long. */
  readonly phaseTimeoutMs: number;
  /** How to start a `rill consume --group` child (the member killed with SIGKILL). */
  readonly childCommand: readonly string[];
  readonly onProgress: (line: string) => void;
}

export interface GroupPerfResult {
  readonly topic: string;
  readonly partitions: number;
  readonly members: number;
  readonly sessionTimeoutMs: number;
  /** A member joined a group of `members`: time until every partition was owned again with the new member's share. */
  readonly joinRebalanceMs: number;
  /** Partitions that changed owner in that rebalance. */
  readonly joinMovedPartitions: number;
  /**
   * The longest gap between deliveries on partitions that did not move, during the rebalance,
   * and before it (the same measure while nothing changed): how long the other members paused.
   */
  readonly keptPartitionsMaxGapMs: number;
  readonly baselineMaxGapMs: number;
  /** kill -9 of a member: time until each of its partitions delivered again elsewhere (the slowest). */
  readonly killRecoveryMs: number;
  readonly killedPartitions: number;
  /** A 3-member group reading a backlog of `catchUpRecords` from the earliest offsets. */
  readonly catchUpRecordsPerSecond: number;
  readonly catchUpRecords: number;
}

/** One in-process member with what it owns and when each partition last delivered. */
interface PerfMember {
  readonly name: string;
  readonly rill: Rill;
  readonly consumer: Consumer;
  readonly owned: Set<number>;
  readonly running: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Measures a consumer group on a running cluster, as the issue asks: (1) a member joining a
 * group of `members` over the topic's partitions, while a steady producer writes: how long until
 * every partition is owned again, and the longest delivery gap on partitions that stayed where
 * they were (the pause the other members saw); (2) a member (a `rill consume --group` child
 * process) killed with SIGKILL: how long until its partitions deliver again at other members,
 * with the session timeout stated; (3) catch-up throughput of a 3-member group.
 */
export async function runGroupPerf(
  makeRill: (clientId: string) => Rill,
  options: GroupPerfOptions,
): Promise<GroupPerfResult> {
  const admin = makeRill("perf-group-admin");
  const runId = Date.now().toString(36);
  const partitions = (await admin.admin().describeTopics([options.topic]))[0]?.partitions.length ?? 0;
  if (partitions === 0) throw new Error(`topic '${options.topic}' has no partitions (create it first)`);
  const producer = admin.producer({ lingerMs: 5 });
  const members: PerfMember[] = [];
  const lastDelivery = new Map<number, number>();
  const deliveredBy = new Map<number, string>();
  let child: ChildProcess | undefined;
  /** The steady producer runs while this is true; cleared on every way out, so the process can end. */
  let producing = true;
  let steady: Promise<void> = Promise.resolve();
  try {
    const catchUp = await measureCatchUp(makeRill, producer, options, partitions, runId);
    options.onProgress(`catch-up: ${catchUp.recordsPerSecond} records/s over ${catchUp.records} records\n`);

    const group = `perf-group-${runId}`;
    steady = (async () => {
      const perTickRecords = Math.max(1, Math.round(options.steadyRecordsPerSecond / 50));
      let next = 0;
      while (producing) {
        const messages = Array.from({ length: perTickRecords }, () => ({
          value: "x".repeat(100),
          partition: next++ % partitions,
        }));
        await producer.send({ topic: options.topic, messages }).catch(() => undefined);
        await sleep(20);
      }
    })();
    const startMember = async (name: string): Promise<PerfMember> => {
      const rill = makeRill(name);
      const consumer = rill.consumer({
        groupId: group,
        sessionTimeoutMs: options.sessionTimeoutMs,
        autoOffsetReset: "latest",
      });
      const owned = new Set<number>();
      await consumer.connect();
      await consumer.subscribe({
        topics: [options.topic],
        onPartitionsAssigned: (assigned) => {
          for (const entry of assigned) owned.add(entry.partition);
        },
        onPartitionsRevoked: (revoked) => {
          for (const entry of revoked) owned.delete(entry.partition);
        },
        onPartitionsLost: (lost) => {
          for (const entry of lost) owned.delete(entry.partition);
        },
      });
      const running = consumer.run({
        eachBatch: ({ partition }) => {
          lastDelivery.set(partition, Date.now());
          deliveredBy.set(partition, name);
        },
      });
      const member = { name, rill, consumer, owned, running };
      members.push(member);
      return member;
    };
    const ownedCount = () => members.reduce((sum, member) => sum + member.owned.size, 0);
    const ownership = (): string =>
      members
        .map((member) => `${member.name}: ${[...member.owned].sort((a, b) => a - b).join(",")}`)
        .join("; ");
    const waitStable = async (what: string, condition: () => boolean): Promise<number> => {
      const started = Date.now();
      while (!condition()) {
        if (Date.now() - started > options.phaseTimeoutMs) {
          throw new Error(`timed out waiting for ${what} (owned: ${ownership()})`);
        }
        await sleep(probeIntervalMs);
      }
      return Date.now() - started;
    };

    // (1) a member joins a stable group.
    for (let index = 0; index < options.members; index += 1) await startMember(`member-${index}`);
    await waitStable(
      "the group to own every partition",
      () => ownedCount() === partitions && members.every((member) => member.owned.size > 0),
    );
    const baseline = await maxGapOver(lastDelivery, 2_000, () => [...Array(partitions).keys()]);
    const before = new Map(
      members.flatMap((member) => [...member.owned].map((partition) => [partition, member.name] as const)),
    );
    const joinStarted = Date.now();
    const joiner = await startMember(`member-${options.members}`);
    const share = Math.floor(partitions / (options.members + 1));
    const gapWatch = watchGaps(lastDelivery, () =>
      [...before]
        .filter(([partition, owner]) => members.find((member) => member.name === owner)?.owned.has(partition))
        .map(([partition]) => partition),
    );
    await waitStable("the joiner's share", () => joiner.owned.size >= share && ownedCount() === partitions);
    const joinRebalanceMs = Date.now() - joinStarted;
    await sleep(1_000);
    const keptMaxGapMs = gapWatch.stop();
    const moved = [...before].filter(
      ([partition, owner]) => !members.find((member) => member.name === owner)?.owned.has(partition),
    ).length;
    options.onProgress(
      `join: every partition owned again after ${joinRebalanceMs} ms; ${moved} moved; kept partitions' longest gap ${keptMaxGapMs} ms (baseline ${baseline} ms)\n`,
    );

    // (2) a child member killed with SIGKILL.
    child = spawn(
      options.childCommand[0] as string,
      [
        ...options.childCommand.slice(1),
        "consume",
        options.topic,
        "--group",
        group,
        "--session-timeout-ms",
        String(options.sessionTimeoutMs),
        "--format",
        "",
        "--bootstrap",
        options.bootstrap.join(","),
      ],
      { stdio: "ignore" },
    );
    await waitStable(
      "the child to own its share",
      () => partitions - ownedCount() >= Math.floor(partitions / (members.length + 1)),
    );
    options.onProgress(`before the kill: ${ownership()}\n`);
    const childPartitions = [...Array(partitions).keys()].filter(
      (partition) => !members.some((member) => member.owned.has(partition)),
    );
    const killedAt = Date.now();
    child.kill("SIGKILL");
    await waitStable("the killed member's partitions to deliver elsewhere", () =>
      childPartitions.every(
        (partition) =>
          (lastDelivery.get(partition) ?? 0) > killedAt &&
          members.some((member) => member.owned.has(partition)),
      ),
    );
    const killRecoveryMs = Math.max(
      ...childPartitions.map((partition) => (lastDelivery.get(partition) ?? killedAt) - killedAt),
    );
    options.onProgress(
      `kill -9: ${childPartitions.length} partitions delivering again after ${killRecoveryMs} ms (session timeout ${options.sessionTimeoutMs} ms)\n`,
    );
    producing = false;
    await steady;
    return {
      topic: options.topic,
      partitions,
      members: options.members,
      sessionTimeoutMs: options.sessionTimeoutMs,
      joinRebalanceMs,
      joinMovedPartitions: moved,
      keptPartitionsMaxGapMs: keptMaxGapMs,
      baselineMaxGapMs: baseline,
      killRecoveryMs,
      killedPartitions: childPartitions.length,
      catchUpRecordsPerSecond: catchUp.recordsPerSecond,
      catchUpRecords: catchUp.records,
    };
  } finally {
    producing = false;
    await steady;
    child?.kill("SIGKILL");
    await Promise.all(members.map((member) => member.rill.disconnect().catch(() => undefined)));
    await admin.disconnect();
  }
}

/** The longest time any of `partitions()` went without a delivery, over the next `windowMs`. */
async function maxGapOver(
  lastDelivery: Map<number, number>,
  windowMs: number,
  partitions: () => number[],
): Promise<number> {
  const watch = watchGaps(lastDelivery, partitions);
  await sleep(windowMs);
  return watch.stop();
}

/** Samples delivery gaps of `partitions()` every probe interval until `stop()`, which returns the longest. */
function watchGaps(lastDelivery: Map<number, number>, partitions: () => number[]): { stop: () => number } {
  const started = Date.now();
  let longest = 0;
  const sample = () => {
    const now = Date.now();
    for (const partition of partitions()) {
      const since = now - Math.max(started, lastDelivery.get(partition) ?? started);
      if (since > longest) longest = since;
    }
  };
  const timer = setInterval(sample, probeIntervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return longest;
    },
  };
}

/** A 3-member group reads a fresh backlog of `catchUpRecords` from the earliest offsets. */
async function measureCatchUp(
  makeRill: (clientId: string) => Rill,
  producer: Producer,
  options: GroupPerfOptions,
  partitions: number,
  runId: string,
): Promise<{ records: number; recordsPerSecond: number }> {
  const rill = makeRill("perf-group-backlog");
  const batch = 1_000;
  for (let sent = 0; sent < options.catchUpRecords; sent += batch) {
    const count = Math.min(batch, options.catchUpRecords - sent);
    await producer.send({
      topic: options.topic,
      messages: Array.from({ length: count }, (_, index) => ({
        value: "x".repeat(100),
        partition: (sent + index) % partitions,
      })),
    });
  }
  // The whole topic is the backlog (earlier runs' records too): the group reads all of it.
  const after = await rill.admin().fetchLatestOffsets(options.topic);
  const total = after.reduce((sum, entry) => sum + entry.offset, 0);
  const group = `perf-catch-up-${runId}`;
  let delivered = 0;
  let firstAt = 0;
  const members = await Promise.all(
    [0, 1, 2].map(async (index) => {
      const memberRill = makeRill(`catch-up-${index}`);
      const consumer = memberRill.consumer({ groupId: group, autoOffsetReset: "earliest" });
      await consumer.connect();
      await consumer.subscribe({ topics: [options.topic] });
      const running = consumer.run({
        eachBatch: ({ messages }) => {
          if (firstAt === 0) firstAt = Date.now();
          delivered += messages.length;
        },
      });
      return { memberRill, running };
    }),
  );
  const started = Date.now();
  while (delivered < total) {
    if (Date.now() - started > options.phaseTimeoutMs)
      throw new Error(`catch-up: ${delivered} of ${total} records`);
    await sleep(probeIntervalMs);
  }
  const elapsedMs = Math.max(1, Date.now() - firstAt);
  await Promise.all(members.map(({ memberRill }) => memberRill.disconnect()));
  await rill.disconnect();
  return { records: total, recordsPerSecond: Math.round((total / elapsedMs) * 1000) };
}
