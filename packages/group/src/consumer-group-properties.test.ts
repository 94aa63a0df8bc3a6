/**
 * Property tests over random sequences of joins (dynamic and static, by names or regex), leaves,
 * static leaves and returns, heartbeats that confirm revocations or hold on to them, time passing
 * (sessions and rebalance timeouts expiring) and topics growing. Simulated clients behave as the
 * protocol asks: they take new partitions at once and give up revoked ones only when they
 * confirm. After every step no partition is held by two members (held = a client's owned set
 * plus what it has not revoked yet; members = clients the coordinator still has), and what each
 * client holds is what the coordinator thinks it holds or less. Once every live client heartbeats
 * for a while, every subscribed partition is owned by exactly one of them.
 */
import { isRillError } from "@rill/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sequentialIds } from "../test/sequential-ids.js";
import type { AssignorMember } from "./assignor/assignor-types.js";
import { uniformAssignor } from "./assignor/uniform-assignor.js";
import type { ClusterTopics } from "./cluster-topics.js";
import { ConsumerGroup } from "./consumer-group.js";
import { DEFAULT_GROUP_COORDINATOR_CONFIG } from "./group-config.js";
import {
  countPartitions,
  EMPTY_TOPIC_PARTITIONS,
  partitionKey,
  type TopicPartitions,
  topicPartitionsOf,
} from "./topic-partitions.js";

const SESSION_TIMEOUT_MS = 10_000;
const REBALANCE_TIMEOUT_MS = 5_000;
const SUBSCRIPTIONS = [{ names: ["t1"] }, { names: ["t1", "t2"] }, { regex: "t[0-9]" }] as const;

type Action =
  | { kind: "join"; subscription: number; isStatic: boolean }
  | { kind: "heartbeat"; who: number; confirm: boolean }
  | { kind: "leave"; who: number }
  | { kind: "static-leave"; who: number }
  | { kind: "static-return"; who: number }
  | { kind: "advance"; ms: number }
  | { kind: "grow" };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("join" as const),
      subscription: fc.nat(2),
      isStatic: fc.boolean(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant("heartbeat" as const), who: fc.nat(20), confirm: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), who: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("static-leave" as const), who: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("static-return" as const), who: fc.nat(20) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 6_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("grow" as const) }) },
);

interface SimClient {
  readonly name: string;
  readonly subscription: number;
  readonly instanceId: string;
  memberId: string;
  epoch: number;
  alive: boolean;
  owned: TopicPartitions;
  /** Revoked by the coordinator, still held until the next confirming heartbeat. */
  revoking: Set<string>;
}

class Simulation {
  nowMs = 0;
  partitions = { t1: 6, t2: 3 };
  readonly clients: SimClient[] = [];
  readonly group: ConsumerGroup;

  constructor() {
    this.group = new ConsumerGroup(
      "g",
      { ...DEFAULT_GROUP_COORDINATOR_CONFIG, newMemberId: sequentialIds("member-") },
      0,
    );
  }

  topics(): ClusterTopics {
    return new Map(
      Object.entries(this.partitions).map(([name, partitionCount]) => [
        name,
        { partitionCount, partitionRacks: [] },
      ]),
    );
  }

  step(next: Action): void {
    switch (next.kind) {
      case "join":
        this.join(next.subscription, next.isStatic ? `instance-${this.clients.length}` : "");
        break;
      case "heartbeat": {
        const client = this.pick(next.who);
        if (client !== undefined) this.heartbeat(client, next.confirm);
        break;
      }
      case "leave": {
        const client = this.pick(next.who);
        if (client !== undefined) this.leave(client, -1);
        break;
      }
      case "static-leave": {
        const client = this.pick(next.who, (candidate) => candidate.instanceId !== "");
        if (client !== undefined) this.leave(client, -2);
        break;
      }
      case "static-return": {
        const gone = this.clients.filter(
          (client) =>
            !client.alive &&
            client.instanceId !== "" &&
            !this.clients.some((other) => other.alive && other.instanceId === client.instanceId),
        );
        const client = gone.length === 0 ? undefined : gone[next.who % gone.length];
        if (client !== undefined) this.join(client.subscription, client.instanceId);
        break;
      }
      case "advance":
        this.advance(next.ms);
        break;
      case "grow":
        this.partitions = { ...this.partitions, t1: Math.min(12, this.partitions.t1 + 1) };
        break;
    }
  }

  /** Time passes: members past a deadline are removed, and their clients learn it (dropped). */
  advance(ms: number): void {
    this.nowMs += ms;
    this.group.expireMembers(this.nowMs, this.topics());
    for (const client of this.clients) {
      if (client.alive && !this.group.members.has(client.memberId)) this.drop(client);
    }
  }

  pick(who: number, filter: (client: SimClient) => boolean = () => true): SimClient | undefined {
    const alive = this.clients.filter((client) => client.alive && filter(client));
    return alive.length === 0 ? undefined : alive[who % alive.length];
  }

  join(subscription: number, instanceId: string): void {
    const chosen = SUBSCRIPTIONS[subscription] as (typeof SUBSCRIPTIONS)[number];
    const client: SimClient = {
      name: `client-${this.clients.length}`,
      subscription,
      instanceId,
      memberId: "",
      epoch: 0,
      alive: true,
      owned: EMPTY_TOPIC_PARTITIONS,
      revoking: new Set(),
    };
    const before = this.group.snapshot();
    try {
      const response = this.group.heartbeat(
        {
          groupId: "g",
          memberId: "",
          memberEpoch: 0,
          instanceId,
          rackId: "",
          clientId: client.name,
          clientHost: "",
          rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
          sessionTimeoutMs: SESSION_TIMEOUT_MS,
          subscribedTopicNames: "names" in chosen ? chosen.names : undefined,
          subscribedTopicRegex: "regex" in chosen ? chosen.regex : undefined,
          serverAssignor: undefined,
          ownedPartitions: EMPTY_TOPIC_PARTITIONS,
        },
        this.nowMs,
        this.topics(),
      );
      this.clients.push(client);
      this.receive(client, response);
    } catch (error) {
      // A static member whose predecessor has not left (or timed out) yet cannot join; a refused
      // heartbeat changes nothing.
      if (!isRillError(error, "UNRELEASED_INSTANCE_ID")) throw error;
      expect(this.group.snapshot()).toEqual(before);
    }
  }

  heartbeat(client: SimClient, confirm: boolean): void {
    if (confirm) client.revoking.clear();
    const held = this.held(client);
    const before = this.group.snapshot();
    try {
      const response = this.group.heartbeat(
        {
          groupId: "g",
          memberId: client.memberId,
          memberEpoch: client.epoch,
          instanceId: client.instanceId,
          rackId: "",
          clientId: client.name,
          clientHost: "",
          rebalanceTimeoutMs: undefined,
          sessionTimeoutMs: undefined,
          subscribedTopicNames: undefined,
          subscribedTopicRegex: undefined,
          serverAssignor: undefined,
          ownedPartitions: topicPartitionsOf(
            [...held].map((key) => {
              const [topic, partition] = key.split("\u0000") as [string, string];
              return [topic, [Number(partition)]] as const;
            }),
          ),
        },
        this.nowMs,
        this.topics(),
      );
      this.receive(client, response);
    } catch (error) {
      if (!isRillError(error) || !["UNKNOWN_MEMBER_ID", "FENCED_MEMBER_EPOCH"].includes(error.errorName))
        throw error;
      expect(this.group.snapshot()).toEqual(before);
      this.drop(client);
    }
  }

  leave(client: SimClient, epoch: -1 | -2): void {
    this.group.heartbeat(
      {
        groupId: "g",
        memberId: client.memberId,
        memberEpoch: epoch,
        instanceId: client.instanceId,
        rackId: "",
        clientId: client.name,
        clientHost: "",
        rebalanceTimeoutMs: undefined,
        sessionTimeoutMs: undefined,
        subscribedTopicNames: undefined,
        subscribedTopicRegex: undefined,
        serverAssignor: undefined,
        ownedPartitions: undefined,
      },
      this.nowMs,
      this.topics(),
    );
    this.drop(client);
  }

  receive(
    client: SimClient,
    response: { memberId: string; memberEpoch: number; assignment: TopicPartitions | undefined },
  ): void {
    client.memberId = response.memberId;
    client.epoch = response.memberEpoch;
    if (response.assignment === undefined) return;
    for (const [topic, partitions] of client.owned) {
      for (const partition of partitions) {
        if (response.assignment.get(topic)?.has(partition) !== true)
          client.revoking.add(partitionKey(topic, partition));
      }
    }
    client.owned = response.assignment;
  }

  drop(client: SimClient): void {
    client.alive = false;
    client.owned = EMPTY_TOPIC_PARTITIONS;
    client.revoking.clear();
  }

  held(client: SimClient): Set<string> {
    const held = new Set(client.revoking);
    for (const [topic, partitions] of client.owned)
      for (const partition of partitions) held.add(partitionKey(topic, partition));
    return held;
  }

  /** No partition held by two members; each client holds no more than the coordinator gave it. */
  checkSafety(): void {
    const holder = new Map<string, string>();
    for (const client of this.clients) {
      if (!client.alive) continue;
      const member = this.group.members.get(client.memberId);
      expect(member, `${client.name} is alive but not a member`).toBeDefined();
      const granted = new Set<string>();
      for (const set of [
        member?.assigned ?? EMPTY_TOPIC_PARTITIONS,
        member?.pendingRevocation ?? EMPTY_TOPIC_PARTITIONS,
      ]) {
        for (const [topic, partitions] of set)
          for (const partition of partitions) granted.add(partitionKey(topic, partition));
      }
      for (const key of this.held(client)) {
        expect(granted.has(key), `${client.name} holds ${key} the coordinator did not give it`).toBe(true);
        expect(holder.get(key), `${key} held by ${holder.get(key)} and ${client.name}`).toBeUndefined();
        holder.set(key, client.name);
      }
    }
  }

  /** Every live client heartbeats (confirming) for longer than a session: then all is owned once. */
  checkLiveness(): void {
    for (let round = 0; round < 12; round += 1) {
      // Members that had been silent for a whole session before this phase expire here, as they
      // would on the coordinator; the others heartbeat often enough to stay.
      this.advance(SESSION_TIMEOUT_MS / 4);
      for (const client of this.clients) {
        if (!client.alive) continue;
        this.heartbeat(client, true);
        this.checkSafety();
      }
    }
    const alive = this.clients.filter((client) => client.alive);
    const subscribed = new Set<string>();
    for (const client of alive) {
      const chosen = SUBSCRIPTIONS[client.subscription] as (typeof SUBSCRIPTIONS)[number];
      for (const topic of "names" in chosen ? chosen.names : ["t1", "t2"]) subscribed.add(topic);
    }
    const owners = new Map<string, number>();
    for (const client of alive)
      for (const key of this.held(client)) owners.set(key, (owners.get(key) ?? 0) + 1);
    for (const topic of subscribed) {
      const count = this.partitions[topic as keyof typeof this.partitions];
      for (let partition = 0; partition < count; partition += 1) {
        expect(owners.get(partitionKey(topic, partition)), `${topic}-${partition} owners`).toBe(1);
      }
    }
    expect(this.group.state).toBe(alive.length === 0 ? "empty" : "stable");
  }
}

describe("consumer group properties", () => {
  it("never lets two members hold a partition, and ends with every subscribed partition owned once", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 120 }), (actions) => {
        const simulation = new Simulation();
        for (const next of actions) {
          simulation.step(next);
          simulation.checkSafety();
        }
        simulation.checkLiveness();
      }),
      { numRuns: 300 },
    );
  });

  it("uniform: a member joining a group with one subscription takes its share and nothing else moves", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 60 }),
        (memberCount, partitionCount) => {
          const topics: ClusterTopics = new Map([["t", { partitionCount, partitionRacks: [] }]]);
          const ids = Array.from({ length: memberCount }, (_, index) => `m${String(index).padStart(2, "0")}`);
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
          const second = uniformAssignor({
            members: [...ids, "zz"].map(
              (memberId): AssignorMember => ({
                memberId,
                rackId: null,
                subscribedTopics: ["t"],
                current: first.get(memberId) ?? EMPTY_TOPIC_PARTITIONS,
              }),
            ),
            topics,
          });
          const counts = [...second.values()].map(countPartitions);
          expect(counts.reduce((sum, count) => sum + count, 0)).toBe(partitionCount);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          let moved = 0;
          for (const memberId of ids) {
            for (const partition of first.get(memberId)?.get("t") ?? []) {
              if (second.get(memberId)?.get("t")?.has(partition) !== true) moved += 1;
            }
          }
          expect(moved).toBe(countPartitions(second.get("zz") ?? EMPTY_TOPIC_PARTITIONS));
          expect(moved).toBe(Math.floor(partitionCount / (memberCount + 1)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
