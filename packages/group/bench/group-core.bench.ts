// Cost of the coordinator's pure core, so a broker's budget per group is known: one steady
// heartbeat of a member (nothing changes: no record written), and the uniform assignor's new
// target when one member joins a large group. Medians over several runs (a noisy 2-core box).
import { benchmarkReporter, summarize } from "@rill/bench";
import {
  type AssignorMember,
  type ClusterTopics,
  ConsumerGroup,
  DEFAULT_GROUP_COORDINATOR_CONFIG,
  EMPTY_TOPIC_PARTITIONS,
  type HeartbeatRequest,
  uniformAssignor,
} from "../src/index.js";

const RUNS = 7;
const reporter = benchmarkReporter();

function topicsOf(partitionCount: number): ClusterTopics {
  return new Map([["t", { partitionCount, partitionRacks: [] }]]);
}

function heartbeat(memberId: string, memberEpoch: number, subscribe: boolean): HeartbeatRequest {
  return {
    groupId: "g",
    memberId,
    memberEpoch,
    instanceId: "",
    rackId: "",
    clientId: "bench",
    clientHost: "",
    rebalanceTimeoutMs: undefined,
    sessionTimeoutMs: undefined,
    subscribedTopicNames: subscribe ? ["t"] : undefined,
    subscribedTopicRegex: undefined,
    serverAssignor: undefined,
    ownedPartitions: subscribe ? EMPTY_TOPIC_PARTITIONS : undefined,
  };
}

function benchSteadyHeartbeats(members: number, partitions: number): void {
  let next = 0;
  const group = new ConsumerGroup(
    "g",
    {
      ...DEFAULT_GROUP_COORDINATOR_CONFIG,
      newMemberId: () => {
        next += 1;
        return `m${next}`;
      },
    },
    0,
  );
  const topics = topicsOf(partitions);
  for (let index = 0; index < members; index += 1) group.heartbeat(heartbeat("", 0, true), 0, topics);
  // Settle: every member confirms until the group is stable.
  for (let round = 0; round < 10 && group.state !== "stable"; round += 1) {
    for (const member of [...group.members.values()]) {
      group.heartbeat(
        { ...heartbeat(member.memberId, member.memberEpoch, false), ownedPartitions: member.assigned },
        1,
        topics,
      );
    }
  }
  if (group.state !== "stable") throw new Error(`group not stable: ${group.state}`);
  const heartbeats = 50_000;
  const ids = [...group.members.values()].map((member) => [member.memberId, member.memberEpoch] as const);
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < heartbeats; index += 1) {
      const [memberId, epoch] = ids[index % ids.length] as readonly [string, number];
      group.heartbeat(heartbeat(memberId, epoch, false), 2, topics);
    }
    rates.push(heartbeats / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  const summary = summarize(rates);
  reporter.figure({
    name: "group.heartbeat.steady.ops_per_s",
    value: Math.round(summary.p50),
    unit: "heartbeats/s",
    detail: { runs: RUNS, min: Math.round(summary.min), max: Math.round(summary.max), members, partitions },
  });
}

function benchJoinAssignment(members: number, partitions: number): void {
  const topics = topicsOf(partitions);
  const ids = Array.from({ length: members }, (_, index) => `m${String(index).padStart(6, "0")}`);
  const first = uniformAssignor({
    members: ids.map(
      (memberId): AssignorMember => ({
        memberId,
        rackId: null,
        subscribedTopics: ["t"],
        current: EMPTY_TOPIC_PARTITIONS,
      }),
    ),
    topics,
  });
  const input = {
    members: [...ids, "zzzzzz"].map(
      (memberId): AssignorMember => ({
        memberId,
        rackId: null,
        subscribedTopics: ["t"],
        current: first.get(memberId) ?? EMPTY_TOPIC_PARTITIONS,
      }),
    ),
    topics,
  };
  const millis: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = process.hrtime.bigint();
    uniformAssignor(input);
    millis.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const summary = summarize(millis);
  reporter.figure({
    name: "group.assignor.uniform.one_join.ms",
    value: Number(summary.p50.toFixed(2)),
    unit: "ms",
    detail: {
      runs: RUNS,
      min: Number(summary.min.toFixed(2)),
      max: Number(summary.max.toFixed(2)),
      members,
      partitions,
    },
  });
}

benchSteadyHeartbeats(10, 60);
benchSteadyHeartbeats(100, 1_000);
benchJoinAssignment(10, 60);
benchJoinAssignment(200, 5_000);
