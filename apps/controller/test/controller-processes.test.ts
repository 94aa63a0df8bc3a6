/**
 * Three real controller processes on 127.0.0.1: a leader is elected; topics created through a
 * follower are forwarded; the active controller is killed with SIGKILL five times while topics
 * are being created, and every acknowledged creation survives with a new active controller each
 * time; a controller that was down while the log moved past a snapshot catches up through
 * InstallSnapshot.
 */
import { type ControllerV1, callUnary, isRillError, type UnaryResponse } from "@rill/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControllerProcessCluster } from "./support/controller-processes.js";

const SNAPSHOT_RECORDS = 40;
/** Creations per kill round; the kill lands while they run. */
const TOPICS_PER_ROUND = 4;
let cluster: ControllerProcessCluster;

beforeAll(async () => {
  cluster = await ControllerProcessCluster.create({
    extraArgs: [
      "--raft-tick-ms",
      "50",
      "--raft-election-timeout-ms",
      "500",
      // Fake brokers register once and never heartbeat again.
      "--broker-session-timeout-ms",
      "3600000",
      "--metadata-log-max-records-between-snapshots",
      String(SNAPSHOT_RECORDS),
    ],
  });
  cluster.startAll();
});

afterAll(async () => {
  await cluster?.close();
});

const timeout = { timeoutMs: 5_000 };

/**
 * Calls any running controller, retrying retriable errors (a controller still starting, an
 * election) until one answers. For requests that are safe to repeat.
 */
async function callAny<Method extends "registerBroker" | "brokerHeartbeat" | "describeCluster">(
  method: Method,
  request: Parameters<ControllerV1.ControllerServiceClient[Method]>[0],
): Promise<UnaryResponse<ControllerV1.ControllerServiceClient[Method]>> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; ; attempt++) {
    const members = cluster.running();
    const member = members[attempt % members.length];
    try {
      return await callUnary(
        member?.client as ControllerV1.ControllerServiceClient,
        method,
        request as never,
        timeout,
      );
    } catch (error) {
      if (!isRillError(error) || !error.retriable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Registers brokers and unfences them (re-registering is allowed: it just gives a newer epoch). */
async function addBrokers(ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    const { brokerEpoch } = await callAny("registerBroker", {
      nodeId: id,
      incarnationId: `incarnation-${id}`,
      clusterId: cluster.clusterId,
      endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: 9000 + id }],
      previousBrokerEpoch: -1,
    });
    const heartbeat = await callAny("brokerHeartbeat", {
      nodeId: id,
      brokerEpoch,
      currentMetadataOffset: Number.MAX_SAFE_INTEGER,
    });
    expect(heartbeat.isFenced).toBe(false);
  }
}

/**
 * Creates a topic through any running controller, retrying retriable and indeterminate failures
 * until the deadline. Resolves true once acknowledged (or found to exist after an indeterminate
 * attempt: that attempt took effect).
 */
async function createTopicSurely(name: string, deadlineMs: number): Promise<boolean> {
  let attempt = 0;
  let maybeDone = false;
  while (Date.now() < deadlineMs) {
    const members = cluster.running();
    const member = members[attempt++ % Math.max(members.length, 1)];
    if (member === undefined) break;
    try {
      const response = await callUnary(
        member.client,
        "createTopics",
        { topics: [{ name, numPartitions: 1, replicationFactor: 3 }], timeoutMs: 3_000 },
        timeout,
      );
      const result = response.topics[0];
      if (result?.errorCode === 0) return true;
      if (maybeDone && result?.errorCode === 36) return true; // TOPIC_ALREADY_EXISTS after an unknown outcome
      if (result !== undefined && result.errorCode !== 0) {
        const retriable = [7, 41, 1000, 1001].includes(result.errorCode);
        if (!retriable) throw new Error(`creating ${name} failed: ${result.errorMessage}`);
        maybeDone ||= result.errorCode === 7 || result.errorCode === 1000;
      }
    } catch (error) {
      if (!isRillError(error) || !error.retriable) throw error;
      // NOT_CONTROLLER, NETWORK_EXCEPTION, INDETERMINATE...: maybe applied, try again elsewhere.
      maybeDone ||= error.errorName !== "NOT_CONTROLLER";
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function topicsOn(nodeId: number): Promise<Set<string>> {
  const listing = await callUnary(cluster.member(nodeId).client, "listTopics", {}, timeout);
  return new Set(listing.topics.map((topic) => topic.name));
}

describe("controller processes", () => {
  it("elect a leader, forward writes from followers, and survive repeated kill -9 of the active controller", {
    timeout: 240_000,
  }, async () => {
    // Generous: on a loaded 2-core machine, starting three tsx processes takes a while.
    const first = await cluster.waitForActiveController({ timeoutMs: 60_000 });
    await addBrokers([101, 102, 103]);
    const follower = cluster.running().find((member) => member.nodeId !== first);
    await cluster.waitUntilServing(follower?.nodeId as number);
    const forwarded = await callUnary(
      follower?.client as ControllerV1.ControllerServiceClient,
      "createTopics",
      { topics: [{ name: "through-a-follower", numPartitions: 3, replicationFactor: 3 }] },
      timeout,
    );
    expect(forwarded.topics[0]?.errorCode).toBe(0);
    const described = await callUnary(
      cluster.member(first).client,
      "describeTopics",
      { topicNames: ["through-a-follower"] },
      timeout,
    );
    expect(described.topics[0]?.partitions).toHaveLength(3);

    const acknowledged = ["through-a-follower"];
    let active = first;
    for (let round = 0; round < 5; round++) {
      // Creations in flight while the active controller dies.
      const writer = (async () => {
        for (let index = 0; index < TOPICS_PER_ROUND; index++) {
          const name = `round-${round}-topic-${index}`;
          if (await createTopicSurely(name, Date.now() + 60_000)) acknowledged.push(name);
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 30 + round * 20));
      await cluster.stop(active, "SIGKILL");
      const next = await cluster.waitForActiveController({ not: active, timeoutMs: 60_000 });
      expect(next).not.toBe(active);
      await writer;
      // The killed controller comes back and catches up before the next round, so that the next
      // kill leaves a quorum.
      cluster.start(active);
      await cluster.waitUntilCaughtUp(active);
      active = await cluster.waitForActiveController({ timeoutMs: 60_000 });
    }
    expect(acknowledged).toHaveLength(1 + 5 * TOPICS_PER_ROUND);
    // Every acknowledged creation is in every controller's committed image.
    for (const member of cluster.members) {
      const deadline = Date.now() + 60_000;
      let topics = new Set<string>();
      while (Date.now() < deadline) {
        try {
          topics = await topicsOn(member.nodeId);
          if (acknowledged.every((name) => topics.has(name))) break;
        } catch {
          // starting up
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(acknowledged.filter((name) => !topics.has(name))).toEqual([]);
    }
  });

  it("catches up a restarted controller from a snapshot when it is far behind", {
    timeout: 120_000,
  }, async () => {
    const active = await cluster.waitForActiveController({ timeoutMs: 60_000 });
    const lagging = cluster.members.find((member) => member.nodeId !== active)?.nodeId as number;
    const before = await callUnary(cluster.member(lagging).client, "describeCluster", {}, timeout);
    await cluster.stop(lagging, "SIGKILL");
    // Far more records than the snapshot interval: the others snapshot and compact their logs.
    const names = Array.from({ length: SNAPSHOT_RECORDS * 2 }, (_, index) => `while-down-${index}`);
    for (const name of names) expect(await createTopicSurely(name, Date.now() + 60_000)).toBe(true);
    cluster.start(lagging);
    const deadline = Date.now() + 60_000;
    let topics = new Set<string>();
    while (Date.now() < deadline) {
      try {
        topics = await topicsOn(lagging);
        if (names.every((name) => topics.has(name))) break;
      } catch {
        // starting up
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(names.filter((name) => !topics.has(name))).toEqual([]);
    // It caught up by loading a snapshot past everything it had before it went down.
    const snapshotLoads = cluster
      .logOf(lagging)
      .filter((line) => line.includes("loaded a metadata snapshot"))
      .map((line) => (JSON.parse(line) as { index: number }).index);
    expect(snapshotLoads.some((index) => index > before.highWatermark)).toBe(true);
  });
});
