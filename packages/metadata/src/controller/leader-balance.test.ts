import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { errorNameOf, Harness } from "../../test/harness.js";
import type { MetadataControllerOptions } from "./metadata-controller.js";

const PARTITIONS = 24;
const CLUSTER = { type: "cluster", name: "" } as const;

/**
 * Three brokers, one topic; broker 1 is fenced (its leaderships move away) and comes back into
 * every ISR, so that it leads none of the partitions it is preferred leader of. Returns those.
 */
function brokerOneReturned(options: MetadataControllerOptions = {}) {
  const h = new Harness(options);
  h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
  h.createTopic("t", PARTITIONS, 3);
  h.nowMs += 10_000;
  h.heartbeatAll([nodeId(1)]);
  h.commit(h.controller.tick(h.image, h.nowMs));
  h.register(nodeId(1), null, "inc-1b");
  h.heartbeat(nodeId(1));
  for (let p = 0; p < PARTITIONS; p++) {
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
  const preferredOfOne = [...Array(PARTITIONS).keys()].filter((p) => h.partition("t", p).replicas[0] === 1);
  expect(preferredOfOne.length).toBeGreaterThanOrEqual(4);
  for (const p of preferredOfOne) expect(h.partition("t", p).leader).not.toBe(1);
  return { h, preferredOfOne };
}

/** Leaves `count` of broker 1's preferred partitions led elsewhere (elects it for the rest). */
function leaveNotLed(h: Harness, preferredOfOne: readonly number[], count: number): number[] {
  const back = preferredOfOne.slice(count).map((partition) => ({ topic: "t", partition }));
  h.commit(h.controller.electLeaders(h.image, "preferred", back));
  return preferredOfOne.slice(0, count);
}

const ledByOne = (h: Harness, partitions: readonly number[]) =>
  partitions.filter((p) => h.partition("t", p).leader === 1).length;

describe("leader balance", () => {
  it("moves a broker's leaders back only when its imbalance exceeds the percentage", () => {
    const { h, preferredOfOne } = brokerOneReturned({ leaderImbalancePercentMax: 25 });
    // floor(n/4) of n not led: exactly at or below 25%, which is not imbalanced.
    const atBound = Math.floor(preferredOfOne.length / 4);
    const notLed = leaveNotLed(h, preferredOfOne, atBound);
    expect(h.commit(h.controller.balanceLeaders(h.image))).toBe(0);
    expect(ledByOne(h, notLed)).toBe(0);

    // One more led elsewhere: above 25%, so every one of them moves back.
    const { h: h2, preferredOfOne: preferred2 } = brokerOneReturned({ leaderImbalancePercentMax: 25 });
    const notLed2 = leaveNotLed(h2, preferred2, atBound + 1);
    expect(h2.commit(h2.controller.balanceLeaders(h2.image))).toBe(atBound + 1);
    expect(ledByOne(h2, notLed2)).toBe(atBound + 1);
  });

  it("checks once per interval from becoming active, and never when disabled", () => {
    const { h, preferredOfOne } = brokerOneReturned({ leaderImbalanceCheckIntervalMs: 60_000 });
    h.controller.becomeActive(h.nowMs);
    h.nowMs += 59_999;
    expect(h.commit(h.controller.tickLeaderBalance(h.image, h.nowMs))).toBe(0);
    h.nowMs += 1;
    expect(h.commit(h.controller.tickLeaderBalance(h.image, h.nowMs))).toBe(preferredOfOne.length);
    expect(ledByOne(h, preferredOfOne)).toBe(preferredOfOne.length);

    const disabled = brokerOneReturned({
      autoLeaderRebalanceEnable: false,
      leaderImbalanceCheckIntervalMs: 1_000,
    });
    disabled.h.nowMs += 3_600_000;
    expect(
      disabled.h.commit(disabled.h.controller.tickLeaderBalance(disabled.h.image, disabled.h.nowMs)),
    ).toBe(0);
    expect(ledByOne(disabled.h, disabled.preferredOfOne)).toBe(0);
  });

  it("cluster configs override the controller's own settings at run time", () => {
    const { h, preferredOfOne } = brokerOneReturned({
      autoLeaderRebalanceEnable: false,
      leaderImbalanceCheckIntervalMs: 3_600_000,
    });
    h.controller.becomeActive(h.nowMs);
    h.commit(
      h.controller.alterConfigs(h.image, CLUSTER, [
        { key: "auto.leader.rebalance.enable", value: "TRUE" },
        { key: "leader.imbalance.check.interval.seconds", value: "5" },
        { key: "leader.imbalance.per.broker.percentage", value: "100" },
      ]),
    );
    expect(h.controller.leaderBalanceSettings(h.image)).toEqual({
      enabled: true,
      imbalancePercentMax: 100,
      checkIntervalMs: 5_000,
    });
    h.nowMs += 5_000;
    // 100%: no broker can exceed it, so nothing moves even though broker 1 leads none of its own.
    expect(h.commit(h.controller.tickLeaderBalance(h.image, h.nowMs))).toBe(0);
    h.commit(
      h.controller.alterConfigs(h.image, CLUSTER, [
        { key: "leader.imbalance.per.broker.percentage", value: null },
      ]),
    );
    h.nowMs += 5_000;
    expect(h.commit(h.controller.tickLeaderBalance(h.image, h.nowMs))).toBe(preferredOfOne.length);
  });

  it("refuses an illegal leader-balance cluster config, writing nothing", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1)]);
    const offset = h.image.offset;
    for (const [key, value] of [
      ["auto.leader.rebalance.enable", "maybe"],
      ["leader.imbalance.per.broker.percentage", "101"],
      ["leader.imbalance.per.broker.percentage", "-1"],
      ["leader.imbalance.check.interval.seconds", "0"],
      ["leader.imbalance.check.interval.seconds", "ten"],
    ] as const) {
      expect(errorNameOf(() => h.controller.alterConfigs(h.image, CLUSTER, [{ key, value }]))).toBe(
        "INVALID_CONFIG",
      );
    }
    expect(h.image.offset).toBe(offset);
    // Other cluster keys belong to the brokers and pass as given.
    h.commit(
      h.controller.alterConfigs(h.image, CLUSTER, [
        { key: "leader.replication.throttled.rate", value: "100" },
      ]),
    );
  });
});
