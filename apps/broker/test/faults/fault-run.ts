/**
 * One seeded fault run against real processes, each on a host of its own (NetnsNetwork):
 * 3 controllers + 3 brokers, one topic (RF 3, min.insync.replicas 2), the SDK's idempotent
 * acks=all producer writing throughout, the faults of `faultSchedule(seed)` one after another, each
 * healed before the next; then a checker over the whole history and, with every process stopped,
 * over every replica's stored batches (replica-checker.ts). Used by the CI test (a few
 * short seeds) and by the soak command (`pnpm faults`).
 */

import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  channelNames,
  type DataClient,
  decodeFetchedBatches,
  nextFetchOffset,
  type RetryEvent,
  Rill,
  recordsFrom,
} from "@rill/client";
import { callUnary } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { TEST_CLOCK_JUMP_ENV, TEST_CLOCK_OFFSET_ENV, withTimeout } from "@rill/protocol/time";
import { type ConsumedRecord, checkDelivery, type DeliveryReport } from "../cluster/delivery-checker.js";
import { HistoryProducer } from "../cluster/producer-history.js";
import { type ClusterProcess, LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";
import { FAULT_KINDS, type FaultKind, faultSchedule } from "./fault-schedule.js";
import { GroupReader, type GroupReport } from "./group-reader.js";
import { compareReplicas, type ReplicaComparison } from "./replica-checker.js";
import { fillDisk, freeDisk, mountDisk, removeStaleDisks, unmountAll } from "./tmpfs-disks.js";

export const faultRunDefaults = {
  faults: 3,
  /** Acknowledgements to wait for before each fault, so that every fault lands on live traffic. */
  acksBetweenFaults: 100,
  sessionTimeoutMs: 3_000,
  /** The longest any one wait may take (a fault that never recovers fails the run here). */
  waitMs: 90_000,
} as const;

const TOPIC = "faults";
/** The most producer events a run keeps for its logs (a 60 s run makes some tens of thousands). */
const CLIENT_JOURNAL_LINES_MAX = 1_000_000;

/** The kinds after which the other controllers must elect a new active controller. */
const CONTROLLER_FAILOVER_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "kill-active-controller",
  "isolate-active-controller",
  "controller-split-with-leader",
  "active-controller-to-controllers-one-way",
  "active-controller-clock-skew",
]);

/**
 * The kinds that leave the leader serving its followers while the controllers cannot hear it:
 * held until the controllers moved the leadership (the session timed out) and produce is
 * acknowledged again after that, so the run sees a deposed leader come back (the heal).
 */
const LEADERSHIP_MOVE_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "leader-cut-from-controllers",
  "leader-to-controllers-one-way",
]);
/**
 * The kinds with one faulty node whose availability the issue sets a goal for: every partition
 * acknowledges produce again within the session timeout plus 2 s. Not disk-full-leader (produce is
 * refused by design until space returns) nor the kinds that hit several nodes at once.
 */
const AVAILABILITY_GOAL_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>(
  FAULT_KINDS.filter(
    (kind) =>
      kind !== "disk-full-leader" &&
      kind !== "power-loss-majority" &&
      kind !== "controller-split-with-leader",
  ),
);
export const AVAILABILITY_GOAL_MS = faultRunDefaults.sessionTimeoutMs + 2_000;

/** The faults that kept produce away longer than the availability goal allows. */
export function availabilityMisses(outcomes: readonly FaultOutcome[]): FaultOutcome[] {
  return outcomes.filter(
    (outcome) => AVAILABILITY_GOAL_KINDS.has(outcome.kind) && outcome.longestAckGapMs > AVAILABILITY_GOAL_MS,
  );
}

/**
 * The topic's retention and segment size: small segments, so that retention has whole segments to
 * judge, and a retention.ms far longer than a run but shorter than a wrong clock sum (a skew of 5
 * minutes counted twice, or with the wrong sign, still must not reach it, a skew taken as hours
 * would); with retention checked every second a segment deleted early shows up as records lost.
 */
const TOPIC_CONFIGS = {
  "min.insync.replicas": "2",
  "segment.bytes": String(64 * 1024),
  "retention.ms": String(30 * 60 * 1000),
};
/**
 * The disk-full fault: each broker's partition logs on a tmpfs of this size (only in runs that
 * schedule it), appends refused below DISK_FREE_BYTES_MIN free (log.dir.free.bytes.min, sampled
 * every DISK_FREE_CHECK_INTERVAL_MS), and the fault fills the leader's disk to half of that.
 */
const DISK_SIZE_BYTES = 64 * 1024 * 1024;
const DISK_FREE_BYTES_MIN = 8 * 1024 * 1024;
const DISK_FREE_CHECK_INTERVAL_MS = 100;
/** What the broker logs when a free-space sample finds its disk full (replica-manager.ts). */
const DISK_FULL_LOG_LINE = "data directory full";
/** The wall-clock faults: 5 minutes off, then a step of 10 minutes the other way, 3 s after start. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const CLOCK_JUMP_AFTER_MS = 3_000;

export interface FaultOutcome {
  readonly kind: FaultKind;
  /**
   * From the fault to the first acknowledgement of a record sent after it (-1 when none came
   * before the heal).
   */
  readonly acksAgainAfterMs: number;
  /**
   * From a fault that deposes the active controller to another controller being active, as the
   * other controllers see it (-1 for other kinds, or when none was elected before the heal).
   */
  readonly newControllerAfterMs: number;
  /**
   * From the heal to the first acknowledgement of a record sent after it: how long the heal itself
   * keeps produce away (a deposed leader coming back, a restarted majority).
   */
  readonly acksAfterHealMs: number;
  /**
   * The longest stretch without any acknowledgement from the fault until produce was acknowledged
   * after the heal: how long this fault kept the partition from taking produce (records sent before
   * the fault count too, unlike `acksAgainAfterMs`).
   */
  readonly longestAckGapMs: number;
  /** From the heal to a full ISR. */
  readonly fullIsrAfterHealMs: number;
}

export interface FaultRunReport {
  readonly seed: number;
  readonly faults: readonly FaultOutcome[];
  /** From the first fault to the last heal's full ISR. */
  readonly faultPhaseMs: number;
  /** The longest stretch without one acknowledgement, from the first fault to the end of the run. */
  readonly longestAckGapMs: number;
  readonly delivery: DeliveryReport;
  /** The consumer group's reading of the topic during the run. */
  readonly group: GroupReport;
  /** The replicas' stored batches compared after the run (none may differ). */
  readonly replicasCompared: ReplicaComparison;
  /** The anomalies: empty when the run is correct. */
  readonly anomalies: Readonly<Record<string, unknown>>;
  /** The single-node faults whose longest stretch without an ack missed the availability goal. */
  readonly availabilityMisses: readonly FaultOutcome[];
  /**
   * Where the processes' logs are kept when the run failed, a fault missed the availability goal,
   * or `keepLogs` asked (else undefined).
   */
  readonly logsDir?: string;
}

interface PartitionView {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
  readonly replicas: readonly number[];
}

export async function runFaults(options: {
  readonly seed: number;
  readonly faults?: number;
  /**
   * Keeps applying faults (drawn from the same seeded schedule) until the fault phase has lasted
   * this long; `faults` is then the least number applied.
   */
  readonly durationMs?: number;
  /** The kinds to draw the faults from (default: every kind). */
  readonly kinds?: readonly FaultKind[];
  readonly acksBetweenFaults?: number;
  /** Keeps the processes' logs and data dirs also when the run is correct. */
  readonly keepLogs?: boolean;
  readonly log?: (line: string) => void;
}): Promise<FaultRunReport> {
  const faults = options.faults ?? faultRunDefaults.faults;
  const acksBetween = options.acksBetweenFaults ?? faultRunDefaults.acksBetweenFaults;
  const waitMs = faultRunDefaults.waitMs;
  const log = options.log ?? (() => {});
  const session = String(faultRunDefaults.sessionTimeoutMs);
  // A run bounded by time draws from a schedule longer than it can use; a seed's schedule of N
  // faults is the first N of any longer one, so a seed names the run either way.
  const schedule = faultSchedule(
    options.seed,
    options.durationMs === undefined ? faults : Math.max(faults, 1_000),
    options.kinds,
  );
  await removeStaleDisks();
  const smallDisks = schedule
    .slice(0, options.durationMs === undefined ? faults : 50)
    .includes("disk-full-leader");
  const cluster = await LocalCluster.start({
    netns: true,
    // The built apps: a restart (kill-leader, power loss, a skewed clock) then costs the process's
    // real start-up, not tsx compiling the sources again (5-13 s on a loaded 2-core box, most of
    // kill-leader's 10 s to a full ISR). `npm test` and `pnpm faults` build first; after a source
    // edit, `pnpm build` before running a fault test alone (a stale build runs stale code).
    runFrom: "dist",
    ...(smallDisks
      ? {
          prepareDataDir: async (entry: ClusterProcess) => {
            if (entry.role === "broker") await mountDisk(partitionsDir(entry), DISK_SIZE_BYTES);
          },
        }
      : {}),
    controllerConfig: { "broker.session.timeout.ms": session },
    brokerConfig: {
      "broker.heartbeat.interval.ms": "500",
      "broker.session.timeout.ms": session,
      "replica.lag.time.max.ms": "4000",
      "log.retention.check.interval.ms": "1000",
      "log.dir.free.bytes.min": String(DISK_FREE_BYTES_MIN),
      "log.dir.free.check.interval.ms": String(DISK_FREE_CHECK_INTERVAL_MS),
      // Read from the environment as RILL_TEST_STORAGE_FAULTS: the test-only storage layer that the
      // power-loss and disk-failure faults drive with signals (server/test-storage-faults.ts).
      "test.storage.faults": "1",
    },
  });
  const network = cluster.network;
  if (network === undefined) throw new Error("the fault run needs its own network");
  const clientId = `faults-seed-${options.seed}`;
  const rill = new Rill({ brokers: cluster.bootstrap.split(","), clientId, requestTimeoutMs: 3_000 });
  let keepLogs = true;
  // The producer's refusals for a full disk (retried): a disk-full fault is held until one is seen.
  let diskFullRefusals = 0;
  const onRetry = (message: unknown) => {
    const retry = message as RetryEvent;
    if (retry.clientId === clientId && retry.errorName === "STORAGE_ERROR") diskFullRefusals += 1;
  };
  subscribe(channelNames.retry, onRetry);
  // The producer's side of the run, kept with the processes' logs: which broker each produce
  // request went to, how it ended, and each retry (the brokers' logs alone cannot tell a producer
  // that kept asking a deposed leader from a new leader that did not answer).
  const clientJournal: string[] = [];
  const journal = (event: string) => (message: unknown) => {
    const fields = message as { clientId?: string };
    if (fields.clientId !== clientId || clientJournal.length >= CLIENT_JOURNAL_LINES_MAX) return;
    clientJournal.push(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
  };
  const journalled = [channelNames.request, channelNames.response, channelNames.retry].map(
    (name) => [name, journal(name)] as const,
  );
  for (const [name, listener] of journalled) subscribe(name, listener);
  // And the producer's picture of the partition, each time it changes (polled): which leader the
  // producer believed in while produce stalled.
  let pictureSeen = "";
  const pictureWatch = setInterval(() => {
    const picture = rill.data.metadata.current();
    const partition = picture.topics.get(TOPIC)?.partitions[0];
    const seen = JSON.stringify({
      leaderId: partition?.leaderId,
      leaderEpoch: partition?.leaderEpoch,
      metadataOffset: picture.metadataOffset,
    });
    if (seen === pictureSeen || clientJournal.length >= CLIENT_JOURNAL_LINES_MAX) return;
    pictureSeen = seen;
    clientJournal.push(`{"time":"${new Date().toISOString()}","event":"picture",${seen.slice(1)}`);
  }, POLL_INTERVAL_MS);
  try {
    await cluster.createTopic(TOPIC, { partitions: 1, replicationFactor: 3, configs: TOPIC_CONFIGS });
    await cluster.waitForLeaders(TOPIC, 1);
    const producer = new HistoryProducer({
      producer: rill.producer({ deliveryTimeoutMs: 30_000 }),
      clientId,
      topic: TOPIC,
      partition: 0,
      recordsPerSend: 10,
      sendsInFlight: 8,
      valuePrefix: `s${options.seed}`,
    });
    producer.start();
    const group = new GroupReader(rill, { topic: TOPIC, groupId: clientId, waitMs });
    await group.start();
    const acked = () => producer.history.acknowledged.length;
    const outcomes: FaultOutcome[] = [];
    /** Records acknowledged while the leader's disk was full: appends that should have been refused. */
    const acknowledgedOnFullDisk: string[] = [];
    /** Disk-full faults during which the producer was never refused (the fault did not bite). */
    let fullDisksNotRefused = 0;
    const faultPhaseStart = Date.now();
    for (const [index, kind] of schedule.entries()) {
      if (
        index >= faults &&
        (options.durationMs === undefined || Date.now() - faultPhaseStart >= options.durationMs)
      )
        break;
      const start = acked();
      await waitFor(() => acked() >= start + acksBetween, {
        timeoutMs: waitMs,
        intervalMs: POLL_INTERVAL_MS,
        message: `${acksBetween} acknowledgements before ${kind}`,
      });
      const view = await waitFor(() => partitionView(cluster), {
        timeoutMs: waitMs,
        intervalMs: POLL_INTERVAL_MS,
        message: "the partition's leader",
      });
      const active =
        kind.includes("controller") && !kind.startsWith("leader") ? await activeController(cluster) : -1;
      // Only a record sent after the fault counts as produce acknowledged again: acks of sends
      // already in flight arrive within milliseconds and would end the hold before the fault bites.
      let sentBeforeFault = new Set(producer.history.sent);
      let ackChecked = acked();
      const faultAt = Date.now();
      const follower = view.replicas.find((id) => id !== view.leader) ?? -1;
      const heal = await applyFault(cluster, kind, {
        leader: view.leader,
        follower,
        activeControllerId: active,
      });
      const refusalsBefore = diskFullRefusals;
      if (kind === "disk-full-leader") {
        // The broker refuses appends from its first free-space sample after the fill on: only
        // records sent after that sample count, and none of them may be acknowledged before the heal.
        sentBeforeFault = new Set(producer.history.sent);
        ackChecked = acked();
      }
      log(
        `seed ${options.seed}: ${kind} (leader ${view.leader}${active > 0 ? `, controller ${active}` : ""}) at ${new Date(faultAt).toISOString()}${
          kind.startsWith("power-loss") ? `: ${unsyncedBytesDropped(cluster, [view.leader, follower])}` : ""
        }`,
      );
      // Hold the fault until produce is acknowledged again (and, when it deposed the active
      // controller, until the others elected a new one), or past the session timeout plus an
      // election when it cannot be (then the heal must bring it back). A leader cut from the
      // controllers only is held until its leadership moved (see LEADERSHIP_MOVE_KINDS).
      const holdUntil = Date.now() + 2 * faultRunDefaults.sessionTimeoutMs + 4_000;
      let acksAgainAfterMs = -1;
      let newControllerAfterMs = -1;
      const awaitsNewController = CONTROLLER_FAILOVER_KINDS.has(kind);
      let awaitsLeadershipMove = LEADERSHIP_MOVE_KINDS.has(kind);
      await waitFor(
        async () => {
          if (awaitsLeadershipMove) {
            const now = await partitionView(cluster);
            if (now !== undefined && now.leader !== view.leader) {
              // Acks of the deposed leader before the move do not count: only records sent after it.
              awaitsLeadershipMove = false;
              sentBeforeFault = new Set(producer.history.sent);
              ackChecked = acked();
            }
            if (awaitsLeadershipMove) return Date.now() > holdUntil;
          }
          for (; ackChecked < acked() && acksAgainAfterMs < 0; ackChecked += 1) {
            const record = producer.history.acknowledged[ackChecked];
            if (record !== undefined && !sentBeforeFault.has(record.value)) {
              acksAgainAfterMs = Date.now() - faultAt;
            }
          }
          if (awaitsNewController && newControllerAfterMs < 0) {
            if ((await newActiveController(cluster, active)) !== undefined) {
              newControllerAfterMs = Date.now() - faultAt;
            }
          }
          // A full disk is held until the producer has been refused for it (it cannot recover before the heal).
          if (kind === "disk-full-leader")
            return diskFullRefusals > refusalsBefore || acksAgainAfterMs >= 0 || Date.now() > holdUntil;
          // Two of three replicas down cannot take acks=all before the heal (min.insync.replicas 2):
          // held until the controllers fenced both (the ISR is down to the survivor).
          if (kind === "power-loss-majority")
            return (await partitionView(cluster))?.isr.length === 1 || Date.now() > holdUntil;
          const done = acksAgainAfterMs >= 0 && (!awaitsNewController || newControllerAfterMs >= 0);
          return done || Date.now() > holdUntil;
        },
        {
          timeoutMs: waitMs,
          intervalMs: POLL_INTERVAL_MS,
          message: `produce acknowledged again, or the fault held, during ${kind}`,
        },
      );
      if (kind === "disk-full-leader" && diskFullRefusals === refusalsBefore) fullDisksNotRefused += 1;
      if (kind === "disk-full-leader" && acksAgainAfterMs >= 0) {
        acknowledgedOnFullDisk.push(
          ...producer.history.acknowledged
            .slice(ackChecked - 1)
            .filter((record) => !sentBeforeFault.has(record.value))
            .map((record) => record.value),
        );
      }
      const sentBeforeHeal = new Set(producer.history.sent);
      let ackCheckedAtHeal = acked();
      await heal();
      const healedAt = Date.now();
      log(`seed ${options.seed}: ${kind} healed at ${new Date(healedAt).toISOString()}`);
      let acksAfterHealMs = -1;
      let fullIsrAfterHealMs = -1;
      await waitFor(
        async () => {
          for (; ackCheckedAtHeal < acked() && acksAfterHealMs < 0; ackCheckedAtHeal += 1) {
            const record = producer.history.acknowledged[ackCheckedAtHeal];
            if (record !== undefined && !sentBeforeHeal.has(record.value)) {
              acksAfterHealMs = (producer.history.acknowledgedAt[ackCheckedAtHeal] as number) - healedAt;
            }
          }
          if (fullIsrAfterHealMs < 0 && (await fullIsrOnEveryBroker(cluster)) !== undefined) {
            fullIsrAfterHealMs = Date.now() - healedAt;
          }
          return acksAfterHealMs >= 0 && fullIsrAfterHealMs >= 0;
        },
        {
          timeoutMs: waitMs,
          intervalMs: POLL_INTERVAL_MS,
          message: `a full ISR and produce acknowledged after healing ${kind}`,
        },
      );
      outcomes.push({
        kind,
        acksAgainAfterMs,
        newControllerAfterMs,
        acksAfterHealMs,
        longestAckGapMs: longestGap(producer.history.acknowledgedAt, faultAt, healedAt + acksAfterHealMs),
        fullIsrAfterHealMs,
      });
    }
    const faultPhaseMs = Date.now() - faultPhaseStart;
    const end = acked();
    await waitFor(() => acked() >= end + acksBetween, {
      timeoutMs: waitMs,
      intervalMs: POLL_INTERVAL_MS,
      message: "acknowledgements after the last heal",
    });
    const history = await producer.stop();
    const longestAckGapMs = longestGap(history.acknowledgedAt, faultPhaseStart);
    const consumed = await readAll(rill.data);
    const delivery = checkDelivery({ ...history, consumed });
    const anomalies: Record<string, unknown> = Object.fromEntries(
      Object.entries({
        lost: delivery.lost,
        duplicated: delivery.duplicated,
        misplaced: delivery.misplaced,
        reordered: delivery.reordered,
        unknown: delivery.unknown,
      }).filter(([, values]) => values.length > 0),
    );
    if (acknowledgedOnFullDisk.length > 0) anomalies.acknowledgedOnFullDisk = acknowledgedOnFullDisk;
    if (fullDisksNotRefused > 0) anomalies.fullDisksNotRefused = fullDisksNotRefused;
    if (delivery.nonMonotonicOffsets > 0) anomalies.nonMonotonicOffsets = delivery.nonMonotonicOffsets;
    // Retention may not have deleted anything of a run far shorter than retention.ms.
    const earliest = await rill.data.listOffsets({ topic: TOPIC, partition: 0, spec: "earliest" });
    if (earliest.offset !== 0) anomalies.logStartOffsetMoved = earliest.offset;
    const logEnd = (consumed.at(-1)?.offset ?? -1) + 1;
    const groupReport = await group.stop(
      logEnd,
      consumed.map((record) => record.offset),
    );
    if (groupReport.commitsBackwards.length > 0)
      anomalies.groupCommitsBackwards = groupReport.commitsBackwards;
    if (groupReport.skippedCount > 0) anomalies.groupSkipped = groupReport.skipped;
    if (groupReport.memberFailure !== undefined) anomalies.groupMemberFailed = groupReport.memberFailure;
    const replicas = await compareStoppedReplicas(cluster, rill.data);
    if (replicas.difference !== undefined) anomalies.replicasDiffer = replicas.difference;
    const misses = availabilityMisses(outcomes);
    keepLogs = Object.keys(anomalies).length > 0 || misses.length > 0 || options.keepLogs === true;
    return {
      seed: options.seed,
      faults: outcomes,
      faultPhaseMs,
      longestAckGapMs,
      delivery,
      group: groupReport,
      replicasCompared: replicas,
      anomalies,
      availabilityMisses: misses,
      ...(keepLogs ? { logsDir: cluster.rootDir } : {}),
    };
  } finally {
    unsubscribe(channelNames.retry, onRetry);
    for (const [name, listener] of journalled) unsubscribe(name, listener);
    clearInterval(pictureWatch);
    await rill.disconnect();
    if (keepLogs) {
      cluster.keepFilesOnClose();
      writeFileSync(join(cluster.rootDir, "logs", "client.log"), `${clientJournal.join("\n")}\n`);
    }
    // Before close() removes the directories: a mount point cannot be removed.
    await unmountAll({ keepContents: keepLogs });
    await cluster.close();
  }
}

/**
 * The longest stretch within [from, to] without a time in `times` (sorted ascending); `to`
 * defaults to the last time.
 */
export function longestGap(times: readonly number[], from: number, to = Number.POSITIVE_INFINITY): number {
  let longest = 0;
  let previous = from;
  for (const time of times) {
    if (time < from) continue;
    if (time > to) break;
    longest = Math.max(longest, time - previous);
    previous = time;
  }
  if (Number.isFinite(to)) longest = Math.max(longest, to - previous);
  return longest;
}

/**
 * Sends `signal` to a process and resolves once it has exited (bounded: a process that does not
 * exit fails the run).
 */
function signalAndAwaitExit(cluster: LocalCluster, name: string | number, signal: NodeJS.Signals) {
  return withTimeout(
    cluster.kill(name, signal),
    faultRunDefaults.waitMs,
    `${name} did not exit on ${signal}`,
  );
}

/**
 * kill -9, then a start with a skewed wall clock (test-only, @rill/protocol/time); returns once
 * the clock has made its jump (the process says so in its log), so the process runs on both sides
 * of the jump, and, for a broker, once it is back in the ISR (it replicated on the skewed clock).
 */
async function restartWithSkewedClock(cluster: LocalCluster, name: string, skewMs: number) {
  const jumps = () => cluster.log(name).split("test clock jumped").length;
  const jumpsBefore = jumps();
  await cluster.kill(name);
  cluster.startProcess(name, {
    [TEST_CLOCK_OFFSET_ENV]: String(skewMs),
    [TEST_CLOCK_JUMP_ENV]: `${CLOCK_JUMP_AFTER_MS}:${-2 * skewMs}`,
  });
  await waitFor(() => jumps() > jumpsBefore, {
    timeoutMs: faultRunDefaults.waitMs,
    intervalMs: POLL_INTERVAL_MS,
    message: `${name}'s clock jump`,
  });
  if (cluster.process(name).role === "broker") {
    await waitFor(() => fullIsrOnEveryBroker(cluster), {
      timeoutMs: faultRunDefaults.waitMs,
      intervalMs: POLL_INTERVAL_MS,
      message: `${name} back in the ISR with a skewed clock`,
    });
  }
  return async () => {
    await cluster.kill(name);
    cluster.startProcess(name);
  };
}

/** What the power-loss layer of these brokers said it dropped at their last power loss. */
function unsyncedBytesDropped(cluster: LocalCluster, brokerIds: readonly number[]): string {
  return brokerIds
    .filter((id) => id > 0 && !cluster.isRunning(id))
    .map((id) => {
      const dropped = [...cluster.log(id).matchAll(/power loss, (\d+) unsynced bytes dropped/g)].at(-1)?.[1];
      return `broker ${id} dropped ${dropped ?? "?"} unsynced bytes`;
    })
    .join(", ");
}

/** Applies `kind`; returns what heals it. */
async function applyFault(
  cluster: LocalCluster,
  kind: FaultKind,
  targets: { readonly leader: number; readonly follower: number; readonly activeControllerId: number },
): Promise<() => Promise<void>> {
  const { leader, follower, activeControllerId } = targets;
  const network = cluster.network;
  if (network === undefined) throw new Error("no network");
  const leaderHost = `broker-${leader}`;
  const controllers = cluster.controllers.map((controller) => controller.name);
  const healNetwork = async () => network.heal();
  switch (kind) {
    case "isolate-leader":
      network.isolate(leaderHost);
      return healNetwork;
    case "leader-cut-from-controllers":
      network.partition([leaderHost], controllers);
      return healNetwork;
    case "leader-to-controllers-one-way":
      for (const controller of controllers) network.cut(leaderHost, controller, { oneWay: true });
      return healNetwork;
    case "pause-leader":
      cluster.pause(leader);
      return async () => cluster.resume(leader);
    case "kill-leader":
      await cluster.kill(leader);
      return async () => cluster.startProcess(leader);
    case "kill-active-controller":
      await cluster.kill(`controller-${activeControllerId}`);
      return async () => cluster.startProcess(`controller-${activeControllerId}`);
    case "isolate-active-controller":
      network.isolate(`controller-${activeControllerId}`);
      return healNetwork;
    case "controller-split-with-leader": {
      const active = `controller-${activeControllerId}`;
      const majority = [
        ...controllers.filter((name) => name !== active),
        ...cluster.brokers.map((broker) => broker.name).filter((name) => name !== leaderHost),
      ];
      network.partition([active, leaderHost], majority);
      return healNetwork;
    }
    case "active-controller-to-controllers-one-way": {
      const active = `controller-${activeControllerId}`;
      for (const controller of controllers) {
        if (controller !== active) network.cut(active, controller, { oneWay: true });
      }
      return healNetwork;
    }
    case "power-loss-leader":
      // The test layer cuts the files back to what was fsynced, then kills itself with SIGKILL.
      await signalAndAwaitExit(cluster, leader, "SIGPWR");
      return async () => cluster.startProcess(leader);
    case "power-loss-majority":
      await Promise.all([
        signalAndAwaitExit(cluster, leader, "SIGPWR"),
        signalAndAwaitExit(cluster, follower, "SIGPWR"),
      ]);
      return async () => {
        cluster.startProcess(leader);
        cluster.startProcess(follower);
      };
    case "disk-failure-leader":
      // Every write and fsync fails from now on; the broker must stop at its next write.
      await signalAndAwaitExit(cluster, leader, "SIGUSR2");
      return async () => cluster.startProcess(leader);
    case "disk-full-leader": {
      const disk = partitionsDir(cluster.process(leader));
      const fullLines = () => cluster.log(leader).split(DISK_FULL_LOG_LINE).length;
      const fullLinesBefore = fullLines();
      await fillDisk(disk, DISK_FREE_BYTES_MIN / 2);
      await waitFor(() => fullLines() > fullLinesBefore, {
        timeoutMs: faultRunDefaults.waitMs,
        intervalMs: POLL_INTERVAL_MS,
        message: `broker ${leader} seeing its disk full`,
      });
      return async () => freeDisk(disk);
    }
    case "leader-clock-skew":
      return restartWithSkewedClock(cluster, leaderHost, CLOCK_SKEW_MS);
    case "active-controller-clock-skew":
      return restartWithSkewedClock(cluster, `controller-${activeControllerId}`, -CLOCK_SKEW_MS);
  }
}

async function activeController(cluster: LocalCluster): Promise<number> {
  return waitFor(
    async () => {
      const described = await cluster.describeCluster(2_000).catch(() => undefined);
      return described !== undefined && described.activeControllerId > 0
        ? described.activeControllerId
        : undefined;
    },
    { timeoutMs: faultRunDefaults.waitMs, intervalMs: POLL_INTERVAL_MS, message: "an active controller" },
  );
}

/** Where a broker keeps its partition logs (server/broker.ts): what the small disks are mounted over. */
function partitionsDir(broker: ClusterProcess): string {
  return join(broker.dataDir, "partitions");
}

/**
 * With the run healed (a full ISR) and the producer stopped: takes the high watermark, kills every
 * process (kill -9: page-cache writes survive, as after any crash) and compares the replicas' stored
 * batches below it (replica-checker.ts).
 */
async function compareStoppedReplicas(cluster: LocalCluster, client: DataClient): Promise<ReplicaComparison> {
  // The high watermark is a bound for every replica only if each was in the ISR when it was read:
  // a replica out of the ISR (restarted and not yet caught up) may rightly end below it. So it is
  // read between two views that both show every replica in the ISR under one leader epoch (with
  // the producer stopped, the watermark cannot move on without all of them).
  const { view, highWatermark } = await waitFor(
    async () => {
      const before = await fullIsrOnEveryBroker(cluster);
      if (before === undefined) return undefined;
      const { offset } = await client.listOffsets({ topic: TOPIC, partition: 0, spec: "latest" });
      const after = await fullIsrOnEveryBroker(cluster);
      return after !== undefined && after.leaderEpoch === before.leaderEpoch
        ? { view: after, highWatermark: offset }
        : undefined;
    },
    { timeoutMs: faultRunDefaults.waitMs, intervalMs: POLL_INTERVAL_MS, message: "a full ISR to compare" },
  );
  await Promise.all(
    [...cluster.controllers, ...cluster.brokers]
      .filter((entry) => cluster.isRunning(entry.name))
      .map((entry) => cluster.kill(entry.name, "SIGKILL")),
  );
  return compareReplicas({
    replicas: view.replicas.map((id) => {
      const broker = cluster.process(id);
      return { name: broker.name, logDir: partitionsDir(broker) };
    }),
    topic: TOPIC,
    partition: 0,
    highWatermark,
  });
}

/** The active controller another controller than `previous` reports, when it is not `previous`. */
async function newActiveController(cluster: LocalCluster, previous: number): Promise<number | undefined> {
  for (const controller of cluster.controllers) {
    if (controller.nodeId === previous || !cluster.isRunning(controller.name)) continue;
    try {
      const described = await callUnary(
        cluster.adminClient(controller.address),
        "describeCluster",
        { includeFencedBrokers: false },
        { timeoutMs: 1_500 },
      );
      const active = described.activeControllerId;
      if (active > 0 && active !== previous) return active;
    } catch {
      // electing, or not answering: ask the next one
    }
  }
  return undefined;
}

/** Partition 0 as the reachable brokers' metadata shows it (the newest leader epoch wins). */
export async function partitionView(
  cluster: LocalCluster,
  topic = TOPIC,
): Promise<PartitionView | undefined> {
  let best: PartitionView | undefined;
  for (const broker of cluster.brokers) {
    if (!cluster.isRunning(broker.name) || broker.paused) continue;
    try {
      const metadata = await cluster.metadata(broker.nodeId, 1_500);
      const partition = metadata.topics.find((entry) => entry.name === topic)?.partitions[0];
      if (partition === undefined || partition.leaderId < 0) continue;
      if (best === undefined || partition.leaderEpoch > best.leaderEpoch) {
        best = {
          leader: partition.leaderId,
          leaderEpoch: partition.leaderEpoch,
          isr: partition.isrNodes,
          replicas: partition.replicaNodes,
        };
      }
    } catch {
      // cut off, paused or busy: ask the next one
    }
  }
  return best;
}

/**
 * The partition's view when every broker is running, answers, and sees every replica in the ISR
 * (else undefined). Asking one broker is not enough: right after a broker was killed and restarted
 * the others' metadata still lists it in the ISR until the leader or the controller acts, while the
 * restarted process may not even be up yet.
 */
async function fullIsrOnEveryBroker(
  cluster: LocalCluster,
  topic = TOPIC,
): Promise<PartitionView | undefined> {
  let seen: PartitionView | undefined;
  for (const broker of cluster.brokers) {
    if (!cluster.isRunning(broker.name) || broker.paused) return undefined;
    const metadata = await cluster.metadata(broker.nodeId, 1_500).catch(() => undefined);
    const partition = metadata?.topics.find((entry) => entry.name === topic)?.partitions[0];
    if (partition === undefined || partition.leaderId < 0) return undefined;
    if (partition.isrNodes.length !== partition.replicaNodes.length) return undefined;
    if (seen === undefined || partition.leaderEpoch > seen.leaderEpoch) {
      seen = {
        leader: partition.leaderId,
        leaderEpoch: partition.leaderEpoch,
        isr: partition.isrNodes,
        replicas: partition.replicaNodes,
      };
    }
  }
  return seen;
}

/** Every record of partition 0 below the high watermark, in offset order. */
export async function readAll(client: DataClient, topic = TOPIC): Promise<ConsumedRecord[]> {
  const end = await client.listOffsets({ topic, partition: 0, spec: "latest" });
  const records: ConsumedRecord[] = [];
  let offset = 0;
  while (offset < end.offset) {
    const answer = await client.fetch({ topic, partition: 0, offset, maxWaitMs: 100 });
    const batches = decodeFetchedBatches(answer.records);
    for (const record of recordsFrom(batches, offset)) {
      records.push({ value: Buffer.from(record.value ?? []).toString(), offset: record.offset });
    }
    offset = nextFetchOffset(batches, offset);
  }
  return records;
}
