import { type NodeId, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { errorNameOf, Harness } from "../../test/harness.js";
import { listPartitionReassignments } from "./describe.js";
import {
  REASSIGNMENT_THROTTLE_AUTO_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG,
  REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG,
  REASSIGNMENT_THROTTLE_CONFIG,
  reassignmentAutoThrottleOf,
  reassignmentThrottleOf,
} from "./reassignment-throttle.js";

function setup() {
  const h = new Harness();
  h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
  h.createTopic("t", 1, 3);
  return h;
}

describe("AlterPartition", () => {
  it("shrinks and expands the ISR, bumping the partition epoch", () => {
    const h = setup();
    const p = h.partition("t", 0);
    const follower = p.replicas[2]!;
    const request = {
      brokerId: p.leader,
      brokerEpoch: h.epochs.get(p.leader)!,
      topicId: p.topicId,
      partition: 0,
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch,
    };
    const shrunk = h.commit(
      h.controller.alterPartition(h.image, { ...request, newIsr: p.isr.filter((id) => id !== follower) }),
    );
    expect(shrunk).toMatchObject({
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch + 1,
    });
    expect(h.partition("t", 0).isr).not.toContain(follower);
    // A retry of the old request is stale now.
    expect(errorNameOf(() => h.controller.alterPartition(h.image, { ...request, newIsr: [p.leader] }))).toBe(
      "INVALID_UPDATE_VERSION",
    );
    h.commit(
      h.controller.alterPartition(h.image, {
        ...request,
        partitionEpoch: p.partitionEpoch + 1,
        newIsr: p.isr,
      }),
    );
    expect(h.partition("t", 0).isr).toEqual(p.isr);
  });

  it("rejects stale, foreign and ineligible requests", () => {
    const h = setup();
    const p = h.partition("t", 0);
    const other = p.replicas[1]!;
    const base = {
      brokerId: p.leader,
      brokerEpoch: h.epochs.get(p.leader)!,
      topicId: p.topicId,
      partition: 0,
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch,
      newIsr: [p.leader],
    };
    const alter = (change: object) => () => h.controller.alterPartition(h.image, { ...base, ...change });
    expect(errorNameOf(alter({ brokerEpoch: 0 }))).toBe("STALE_BROKER_EPOCH");
    expect(errorNameOf(alter({ partition: 9 }))).toBe("UNKNOWN_TOPIC_OR_PARTITION");
    expect(errorNameOf(alter({ leaderEpoch: p.leaderEpoch - 1 }))).toBe("FENCED_LEADER_EPOCH");
    expect(errorNameOf(alter({ leaderEpoch: p.leaderEpoch + 1 }))).toBe("UNKNOWN_LEADER_EPOCH");
    expect(errorNameOf(alter({ brokerId: other, brokerEpoch: h.epochs.get(other)! }))).toBe(
      "NOT_LEADER_OR_FOLLOWER",
    );
    expect(errorNameOf(alter({ partitionEpoch: p.partitionEpoch + 1 }))).toBe("INVALID_UPDATE_VERSION");
    expect(errorNameOf(alter({ newIsr: [other] }))).toBe("INVALID_REQUEST");
    expect(errorNameOf(alter({ newIsr: [p.leader, p.leader] }))).toBe("INVALID_REQUEST");
    h.register(nodeId(4));
    h.heartbeat(nodeId(4));
    expect(errorNameOf(alter({ newIsr: [p.leader, 4] }))).toBe("INELIGIBLE_REPLICA");
    // Shrink, then fence the follower: it may not come back into the ISR while fenced.
    h.commit(h.controller.alterPartition(h.image, { ...base, newIsr: [p.leader] }));
    h.nowMs += 10_000;
    h.heartbeatAll([other]);
    h.commit(h.controller.tick(h.image, h.nowMs));
    expect(errorNameOf(alter({ partitionEpoch: p.partitionEpoch + 1, newIsr: [p.leader, other] }))).toBe(
      "INELIGIBLE_REPLICA",
    );
  });
});

describe("leader elections", () => {
  it("fencing the leader elects the next in-sync replica and bumps both epochs", () => {
    const h = setup();
    const p = h.partition("t", 0);
    h.nowMs += 10_000;
    h.heartbeatAll([p.leader]);
    h.commit(h.controller.tick(h.image, h.nowMs));
    const after = h.partition("t", 0);
    expect(after.leader).toBe(p.replicas[1]);
    expect(after.leaderEpoch).toBe(p.leaderEpoch + 1);
    expect(after.partitionEpoch).toBe(p.partitionEpoch + 1);
  });

  it("preferred election on demand, with its per-partition errors", () => {
    const h = setup();
    const p = h.partition("t", 0);
    const preferred = p.replicas[0]!;
    expect(h.commit(h.controller.electLeaders(h.image, "preferred", [{ topic: "t", partition: 0 }]))).toEqual(
      [expect.objectContaining({ error: expect.objectContaining({ errorName: "ELECTION_NOT_NEEDED" }) })],
    );
    h.nowMs += 10_000;
    h.heartbeatAll([preferred]);
    h.commit(h.controller.tick(h.image, h.nowMs));
    h.heartbeat(preferred); // back, but out of the ISR
    const [notAvailable] = h.commit(h.controller.electLeaders(h.image, "preferred"));
    expect(notAvailable!.error?.errorName).toBe("PREFERRED_LEADER_NOT_AVAILABLE");
    // The leader adds it back to the ISR; then the election moves leadership to it.
    const current = h.partition("t", 0);
    h.commit(
      h.controller.alterPartition(h.image, {
        brokerId: current.leader,
        brokerEpoch: h.epochs.get(current.leader)!,
        topicId: current.topicId,
        partition: 0,
        leaderEpoch: current.leaderEpoch,
        partitionEpoch: current.partitionEpoch,
        newIsr: [...current.isr, preferred],
      }),
    );
    const [elected] = h.commit(
      h.controller.electLeaders(h.image, "preferred", [{ topic: "t", partition: 0 }]),
    );
    expect(elected!.error).toBeNull();
    expect(h.partition("t", 0).leader).toBe(preferred);
    const [unknown] = h.commit(
      h.controller.electLeaders(h.image, "preferred", [{ topic: "nope", partition: 0 }]),
    );
    expect(unknown!.error?.errorName).toBe("UNKNOWN_TOPIC_OR_PARTITION");
  });

  it("unclean election on demand elects a live out-of-sync replica", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2)]);
    h.createTopic("t", 1, 2);
    const { leader } = h.partition("t", 0);
    const follower = nodeId(leader === 1 ? 2 : 1);
    h.nowMs += 10_000;
    h.heartbeatAll([follower]);
    h.commit(h.controller.tick(h.image, h.nowMs));
    h.nowMs += 10_000;
    h.commit(h.controller.tick(h.image, h.nowMs));
    expect(h.partition("t", 0).leader).toBe(-1);
    const [none] = h.commit(h.controller.electLeaders(h.image, "unclean"));
    expect(none!.error?.errorName).toBe("ELIGIBLE_LEADERS_NOT_AVAILABLE");
    h.heartbeat(follower);
    const [done] = h.commit(h.controller.electLeaders(h.image, "unclean"));
    expect(done!.error).toBeNull();
    expect(h.partition("t", 0)).toMatchObject({ leader: follower, isr: [follower] });
    const [again] = h.commit(h.controller.electLeaders(h.image, "unclean"));
    expect(again!.error?.errorName).toBe("ELECTION_NOT_NEEDED");
  });

  it("the balance check moves leadership back to preferred replicas", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
    h.createTopic("t", 6, 3);
    h.nowMs += 10_000;
    h.heartbeatAll([nodeId(1)]);
    h.commit(h.controller.tick(h.image, h.nowMs));
    h.register(nodeId(1), null, "inc-1b");
    h.epochs.set(nodeId(1), h.image.brokers.get(nodeId(1))!.brokerEpoch);
    h.heartbeat(nodeId(1));
    // Broker 1 is back; the leaders re-add it to their ISRs.
    for (let p = 0; p < 6; p++) {
      const current = h.partition("t", p);
      h.commit(
        h.controller.alterPartition(h.image, {
          brokerId: current.leader,
          brokerEpoch: h.epochs.get(current.leader)!,
          topicId: current.topicId,
          partition: p,
          leaderEpoch: current.leaderEpoch,
          partitionEpoch: current.partitionEpoch,
          newIsr: current.replicas,
        }),
      );
    }
    const preferredOf1 = [0, 1, 2, 3, 4, 5].filter((p) => h.partition("t", p).replicas[0] === 1);
    expect(preferredOf1.length).toBe(2);
    for (const p of preferredOf1) expect(h.partition("t", p).leader).not.toBe(1);
    expect(h.commit(h.controller.balanceLeaders(h.image))).toBe(2);
    for (const p of preferredOf1) expect(h.partition("t", p).leader).toBe(1);
    expect(h.commit(h.controller.balanceLeaders(h.image))).toBe(0);
  });
});

describe("partition reassignment", () => {
  it("adds the new replicas, completes when they are in sync, and drops the removed ones", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3), nodeId(4)]);
    h.commit(
      h.controller.createTopic(h.image, {
        name: "t",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [[nodeId(1), nodeId(2)]],
      }),
    );
    h.commit(
      h.controller.alterPartitionReassignment(h.image, {
        topic: "t",
        partition: 0,
        targetReplicas: [nodeId(3), nodeId(4)],
      }),
    );
    expect(h.partition("t", 0)).toMatchObject({
      replicas: [3, 4, 1, 2],
      addingReplicas: [3, 4],
      removingReplicas: [1, 2],
    });
    expect(listPartitionReassignments(h.image)).toHaveLength(1);
    const p = h.partition("t", 0);
    h.commit(
      h.controller.alterPartition(h.image, {
        brokerId: nodeId(1),
        brokerEpoch: h.epochs.get(nodeId(1))!,
        topicId: p.topicId,
        partition: 0,
        leaderEpoch: p.leaderEpoch,
        partitionEpoch: p.partitionEpoch,
        newIsr: [nodeId(1), nodeId(2), nodeId(3), nodeId(4)],
      }),
    );
    expect(h.partition("t", 0)).toMatchObject({
      replicas: [3, 4],
      isr: [3, 4],
      leader: 3,
      addingReplicas: [],
      removingReplicas: [],
    });
    expect(listPartitionReassignments(h.image)).toHaveLength(0);
  });

  it("replaces a move in progress with a new target, measured from the replicas before the move", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3), nodeId(4)]);
    h.commit(
      h.controller.createTopic(h.image, {
        name: "t",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [[nodeId(1), nodeId(2)]],
      }),
    );
    const reassign = (targetReplicas: NodeId[]) =>
      h.commit(
        h.controller.alterPartitionReassignment(h.image, { topic: "t", partition: 0, targetReplicas }),
      );
    reassign([nodeId(3), nodeId(4)]);
    // 4 is still wanted and still not in sync; 3 is dropped with 1.
    reassign([nodeId(2), nodeId(4)]);
    expect(h.partition("t", 0)).toMatchObject({
      replicas: [2, 4, 3, 1],
      isr: [1, 2],
      addingReplicas: [4],
      removingReplicas: [3, 1],
    });
    // A target within the in-sync replicas finishes at once.
    reassign([nodeId(1)]);
    expect(h.partition("t", 0)).toMatchObject({
      replicas: [1],
      isr: [1],
      addingReplicas: [],
      removingReplicas: [],
    });
    expect(listPartitionReassignments(h.image)).toHaveLength(0);
  });

  it("cancels a reassignment and validates targets", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
    h.commit(
      h.controller.createTopic(h.image, {
        name: "t",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [[nodeId(1), nodeId(2)]],
      }),
    );
    const reassign = (targetReplicas: NodeId[] | null) => () =>
      h.controller.alterPartitionReassignment(h.image, { topic: "t", partition: 0, targetReplicas });
    expect(errorNameOf(reassign(null))).toBe("NO_REASSIGNMENT_IN_PROGRESS");
    expect(errorNameOf(reassign([]))).toBe("INVALID_REPLICA_ASSIGNMENT");
    expect(errorNameOf(reassign([nodeId(1), nodeId(1)]))).toBe("INVALID_REPLICA_ASSIGNMENT");
    expect(errorNameOf(reassign([nodeId(1), nodeId(9)]))).toBe("INVALID_REPLICA_ASSIGNMENT");
    h.commit(reassign([nodeId(1), nodeId(3)])());
    expect(h.partition("t", 0)).toMatchObject({
      replicas: [1, 3, 2],
      addingReplicas: [3],
      removingReplicas: [2],
    });
    h.commit(reassign(null)());
    expect(h.partition("t", 0)).toMatchObject({
      replicas: [1, 2],
      isr: [1, 2],
      addingReplicas: [],
      removingReplicas: [],
    });
    // A pure shrink completes at once.
    h.commit(reassign([nodeId(2)])());
    expect(h.partition("t", 0)).toMatchObject({ replicas: [2], isr: [2], leader: 2 });
  });

  it("refuses a target below the topic's min.insync.replicas, and a deleted topic, moving nothing", () => {
    const h = setup();
    h.commit(
      h.controller.alterConfigs(h.image, { type: "topic", name: "t" }, [
        { key: "min.insync.replicas", value: "2" },
      ]),
    );
    const before = h.partition("t", 0);
    const error = (() => {
      try {
        h.controller.alterPartitionReassignment(h.image, {
          topic: "t",
          partition: 0,
          targetReplicas: [nodeId(1)],
        });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/1 target replicas are fewer than min.insync.replicas=2 of t/);
    expect(
      errorNameOf(() =>
        h.controller.alterPartitionReassignment(h.image, {
          topic: "t",
          partition: 0,
          targetReplicas: [nodeId(1)],
        }),
      ),
    ).toBe("INVALID_REPLICATION_FACTOR");
    // Two replicas still satisfy it.
    h.commit(
      h.controller.alterPartitionReassignment(h.image, {
        topic: "t",
        partition: 0,
        targetReplicas: [nodeId(1), nodeId(2)],
      }),
    );
    expect(h.partition("t", 0).replicas).toEqual([1, 2]);
    expect(before.replicas).toHaveLength(3);
    h.commit(h.controller.deleteTopic(h.image, "t"));
    expect(
      errorNameOf(() =>
        h.controller.alterPartitionReassignment(h.image, {
          topic: "t",
          partition: 0,
          targetReplicas: [nodeId(1), nodeId(2), nodeId(3)],
        }),
      ),
    ).toBe("UNKNOWN_TOPIC_OR_PARTITION");
  });

  it("stores the throttle with a move that starts, and clears it only once no partition moves", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
    h.commit(
      h.controller.createTopic(h.image, {
        name: "t",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [[nodeId(1), nodeId(2)]],
      }),
    );
    const throttle = () => reassignmentThrottleOf(h.image);
    // A move that finishes at once (nothing to copy) leaves no throttle behind.
    h.commit(
      h.controller.alterPartitionReassignment(h.image, {
        topic: "t",
        partition: 0,
        targetReplicas: [nodeId(1)],
        throttleBytesPerSecond: 1000,
      }),
    );
    expect(throttle()).toBeUndefined();
    h.commit(
      h.controller.alterPartitionReassignment(h.image, {
        topic: "t",
        partition: 0,
        targetReplicas: [nodeId(1), nodeId(3)],
        throttleBytesPerSecond: 5000,
      }),
    );
    expect(h.partition("t", 0).addingReplicas).toEqual([3]);
    expect(throttle()).toBe(5000);
    expect(h.commit(h.controller.clearIdleReassignmentThrottle(h.image))).toBe(false);
    expect(throttle()).toBe(5000);
    h.commit(
      h.controller.alterPartitionReassignment(h.image, { topic: "t", partition: 0, targetReplicas: null }),
    );
    expect(h.commit(h.controller.clearIdleReassignmentThrottle(h.image))).toBe(true);
    expect(throttle()).toBeUndefined();
    expect(h.image.configsOf({ type: "cluster", name: "" }).has(REASSIGNMENT_THROTTLE_CONFIG)).toBe(false);
  });

  it("reads the automatic throttle's bounds and removes them with the rate, also when they land late", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
    h.commit(
      h.controller.createTopic(h.image, {
        name: "t",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [[nodeId(1), nodeId(2)]],
      }),
    );
    const cluster = { type: "cluster", name: "" } as const;
    const auto = [
      { key: REASSIGNMENT_THROTTLE_AUTO_CONFIG, value: "true" },
      { key: REASSIGNMENT_THROTTLE_AUTO_MIN_RATE_CONFIG, value: "2000" },
      { key: REASSIGNMENT_THROTTLE_AUTO_P99_MS_CONFIG, value: "50" },
    ];
    h.commit(
      h.controller.alterPartitionReassignment(h.image, {
        topic: "t",
        partition: 0,
        targetReplicas: [nodeId(1), nodeId(3)],
        throttleBytesPerSecond: 10_000,
      }),
    );
    expect(reassignmentAutoThrottleOf(h.image)).toBeUndefined();
    h.commit(h.controller.alterConfigs(h.image, cluster, auto));
    expect(reassignmentAutoThrottleOf(h.image)).toEqual({
      minBytesPerSecond: 2000,
      maxBytesPerSecond: 10_000,
      produceP99MsMax: 50,
    });
    expect(h.commit(h.controller.clearIdleReassignmentThrottle(h.image))).toBe(false);
    h.commit(
      h.controller.alterPartitionReassignment(h.image, { topic: "t", partition: 0, targetReplicas: null }),
    );
    expect(h.commit(h.controller.clearIdleReassignmentThrottle(h.image))).toBe(true);
    expect([...h.image.configsOf(cluster).keys()]).toEqual([]);
    // Settings that land after the moves ended are removed as well; alone they throttle nothing.
    h.commit(h.controller.alterConfigs(h.image, cluster, auto));
    expect(reassignmentAutoThrottleOf(h.image)).toBeUndefined();
    expect(h.commit(h.controller.clearIdleReassignmentThrottle(h.image))).toBe(true);
    expect([...h.image.configsOf(cluster).keys()]).toEqual([]);
  });
});

describe("producer ids", () => {
  it("hands out consecutive, non-overlapping blocks to registered brokers", () => {
    const h = new Harness({ producerIdBlockSize: 100 });
    h.addBrokers([nodeId(1), nodeId(2)]);
    const first = h.commit(
      h.controller.allocateProducerIds(h.image, {
        brokerId: nodeId(1),
        brokerEpoch: h.epochs.get(nodeId(1))!,
      }),
    );
    const second = h.commit(
      h.controller.allocateProducerIds(h.image, {
        brokerId: nodeId(2),
        brokerEpoch: h.epochs.get(nodeId(2))!,
      }),
    );
    expect(first).toEqual({ brokerId: 1, firstProducerId: 0, size: 100 });
    expect(second).toEqual({ brokerId: 2, firstProducerId: 100, size: 100 });
    expect(h.image.nextProducerId).toBe(200);
    expect(
      errorNameOf(() => h.controller.allocateProducerIds(h.image, { brokerId: nodeId(1), brokerEpoch: 0 })),
    ).toBe("STALE_BROKER_EPOCH");
    expect(
      errorNameOf(() => h.controller.allocateProducerIds(h.image, { brokerId: nodeId(5), brokerEpoch: 0 })),
    ).toBe("BROKER_ID_NOT_REGISTERED");
  });
});
