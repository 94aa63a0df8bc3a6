import { nodeId } from "@rill/protocol/ids";
import { SeededRandom } from "@rill/protocol/random";
import { describe, expect, it } from "vitest";
import { errorNameOf, Harness } from "../../test/harness.js";
import { describeTopic, listTopics } from "./describe.js";
import { placeReplicas } from "./replica-placement.js";
import { validateTopicConfig } from "./topic-configs.js";
import { validateTopicName } from "./topic-names.js";

describe("topic names", () => {
  it("follows Kafka's legal-name rules", () => {
    for (const name of ["a", "orders.v1", "A-b_c.9", "x".repeat(249)])
      expect(() => validateTopicName(name)).not.toThrow();
    for (const name of ["", ".", "..", "x".repeat(250), "a b", "a/b", "ü", "a:b"]) {
      expect(errorNameOf(() => validateTopicName(name))).toBe("INVALID_TOPIC_EXCEPTION");
    }
  });
});

describe("topic configs", () => {
  it("validates names, types and ranges", () => {
    expect(validateTopicConfig("cleanup.policy", "compact, delete")).toBe("compact,delete");
    expect(validateTopicConfig("retention.ms", "-1")).toBe("-1");
    expect(validateTopicConfig("unclean.leader.election.enable", "TRUE")).toBe("true");
    expect(validateTopicConfig("min.cleanable.dirty.ratio", "0.25")).toBe("0.25");
    const bad: [string, string][] = [
      ["no.such.config", "1"],
      ["cleanup.policy", "shred"],
      ["cleanup.policy", "delete,delete"],
      ["retention.ms", "-2"],
      ["retention.ms", "1.5"],
      ["retention.ms", "soon"],
      ["segment.bytes", "13"],
      ["segment.bytes", String(2 ** 31)],
      ["min.insync.replicas", "0"],
      ["unclean.leader.election.enable", "yes"],
      ["compression.type", "brotli"],
      ["min.cleanable.dirty.ratio", "1.5"],
      ["retention.bytes", "99999999999999999999"],
    ];
    for (const [key, value] of bad)
      expect(
        errorNameOf(() => validateTopicConfig(key, value)),
        `${key}=${value}`,
      ).toBe("INVALID_CONFIG");
  });
});

describe("replica placement", () => {
  it("spreads replicas over racks and preferred leaders evenly", () => {
    const brokers = [1, 2, 3, 4, 5, 6].map((id) => ({ brokerId: nodeId(id), rack: `r${id % 3}` }));
    const assignments = placeReplicas(
      { brokers, numPartitions: 60, replicationFactor: 3 },
      new SeededRandom(7),
    );
    const leaders = new Map<number, number>();
    const replicaCounts = new Map<number, number>();
    for (const replicas of assignments) {
      expect(new Set(replicas).size).toBe(3);
      expect(new Set(replicas.map((id) => id % 3)).size).toBe(3); // one per rack
      leaders.set(replicas[0]!, (leaders.get(replicas[0]!) ?? 0) + 1);
      for (const id of replicas) replicaCounts.set(id, (replicaCounts.get(id) ?? 0) + 1);
    }
    expect([...leaders.values()]).toEqual([10, 10, 10, 10, 10, 10]);
    for (const count of replicaCounts.values()) expect(count).toBe(30);
  });

  it("is deterministic given the brokers and the seed", () => {
    const brokers = [1, 2, 3, 4].map((id) => ({ brokerId: nodeId(id), rack: null }));
    const place = (seed: number) =>
      placeReplicas({ brokers, numPartitions: 8, replicationFactor: 2 }, new SeededRandom(seed));
    expect(place(3)).toEqual(place(3));
  });

  it("uses every rack before repeating one when racks are uneven", () => {
    const brokers = [
      { brokerId: nodeId(1), rack: "a" },
      { brokerId: nodeId(2), rack: "a" },
      { brokerId: nodeId(3), rack: "a" },
      { brokerId: nodeId(4), rack: "b" },
    ];
    for (const replicas of placeReplicas(
      { brokers, numPartitions: 12, replicationFactor: 3 },
      new SeededRandom(1),
    )) {
      expect(replicas).toContain(4);
    }
  });
});

describe("create topic", () => {
  it("creates partitions with replicas, ISR, leaders and configs", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3)], ["a", "b", "c"]);
    const response = h.createTopic("orders", 3, 3, { "retention.ms": "1000", "cleanup.policy": "compact" });
    expect(response).toMatchObject({ numPartitions: 3, replicationFactor: 3 });
    expect(response.topicId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const leaders = new Set<number>();
    for (let p = 0; p < 3; p++) {
      const partition = h.partition("orders", p);
      expect(partition.isr).toEqual(partition.replicas);
      expect(partition.leader).toBe(partition.replicas[0]);
      expect(partition).toMatchObject({ leaderEpoch: 0, partitionEpoch: 0 });
      leaders.add(partition.leader);
    }
    expect(leaders.size).toBe(3);
    const description = describeTopic(h.image, "orders");
    expect(description.configs["retention.ms"]).toEqual({ value: "1000", isDefault: false });
    expect(description.configs["segment.bytes"]).toEqual({ value: "1073741824", isDefault: true });
    expect(listTopics(h.image)).toEqual([{ name: "orders", topicId: response.topicId, partitions: 3 }]);
  });

  it("rejects bad requests with Kafka's errors", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2)]);
    h.createTopic("taken", 1, 1);
    const create = (request: object) => () =>
      h.controller.createTopic(h.image, { name: "t", numPartitions: 1, replicationFactor: 1, ...request });
    expect(errorNameOf(create({ name: "bad name" }))).toBe("INVALID_TOPIC_EXCEPTION");
    expect(errorNameOf(create({ name: "taken" }))).toBe("TOPIC_ALREADY_EXISTS");
    // Reserved for internal topics: refused for users, allowed to the cluster's own callers.
    expect(errorNameOf(create({ name: "__consumer_offsets" }))).toBe("INVALID_TOPIC_EXCEPTION");
    expect(errorNameOf(create({ name: "__mine" }))).toBe("INVALID_TOPIC_EXCEPTION");
    expect(create({ name: "_single_underscore" })().response.numPartitions).toBe(1);
    expect(create({ name: "__consumer_offsets", internal: true })().response.numPartitions).toBe(1);
    h.createTopic("a.b", 1, 1);
    expect(errorNameOf(create({ name: "a_b" }))).toBe("INVALID_TOPIC_EXCEPTION");
    expect(errorNameOf(create({ numPartitions: 0 }))).toBe("INVALID_PARTITIONS");
    expect(errorNameOf(create({ numPartitions: 10_001 }))).toBe("INVALID_PARTITIONS");
    expect(errorNameOf(create({ replicationFactor: 3 }))).toBe("INVALID_REPLICATION_FACTOR");
    expect(errorNameOf(create({ replicationFactor: 0 }))).toBe("INVALID_REPLICATION_FACTOR");
    expect(errorNameOf(create({ configs: { "retention.ms": "x" } }))).toBe("INVALID_CONFIG");
    expect(errorNameOf(create({ configs: { "bogus.key": "1" } }))).toBe("INVALID_CONFIG");
    expect(errorNameOf(create({ numPartitions: -1, replicationFactor: -1, assignments: [[1, 1]] }))).toBe(
      "INVALID_REPLICA_ASSIGNMENT",
    );
    expect(errorNameOf(create({ numPartitions: -1, replicationFactor: -1, assignments: [[9]] }))).toBe(
      "INVALID_REPLICA_ASSIGNMENT",
    );
    expect(errorNameOf(create({ assignments: [[1]] }))).toBe("INVALID_REQUEST");
  });

  it("counts only active brokers for the replication factor", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2)]);
    h.register(nodeId(3)); // fenced
    expect(errorNameOf(() => h.createTopic("t", 1, 3))).toBe("INVALID_REPLICATION_FACTOR");
    h.heartbeat(nodeId(3));
    expect(() => h.createTopic("t", 1, 3)).not.toThrow();
  });

  it("uses defaults for -1 and honours explicit assignments and validateOnly", () => {
    const h = new Harness({ defaultNumPartitions: 2, defaultReplicationFactor: 3 });
    h.addBrokers([nodeId(1), nodeId(2)]);
    expect(h.createTopic("d", -1, -1)).toMatchObject({ numPartitions: 2, replicationFactor: 2 });
    h.commit(
      h.controller.createTopic(h.image, {
        name: "e",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [
          [nodeId(2), nodeId(1)],
          [nodeId(1), nodeId(2)],
        ],
      }),
    );
    expect(h.partition("e", 0)).toMatchObject({ replicas: [2, 1], leader: 2 });
    const dry = h.controller.createTopic(h.image, {
      name: "f",
      numPartitions: 1,
      replicationFactor: 1,
      validateOnly: true,
    });
    expect(dry.records).toEqual([]);
  });
});

describe("delete topic, add partitions, configs", () => {
  it("deletes a topic with its configs; the name can be reused with a new id", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1)]);
    const { topicId } = h.createTopic("t", 2, 1, { "retention.ms": "5" });
    expect(h.commit(h.controller.deleteTopic(h.image, "t"))).toEqual({ topicId });
    expect(h.image.topicByName("t")).toBeUndefined();
    expect(h.image.configsOf({ type: "topic", name: "t" }).size).toBe(0);
    expect(errorNameOf(() => h.controller.deleteTopic(h.image, "t"))).toBe("UNKNOWN_TOPIC_OR_PARTITION");
    expect(h.createTopic("t", 1, 1).topicId).not.toBe(topicId);
  });

  it("adds partitions with the topic's replication factor", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1), nodeId(2), nodeId(3)]);
    h.createTopic("t", 2, 2);
    h.commit(h.controller.createPartitions(h.image, { name: "t", totalCount: 5 }));
    expect(h.image.topicByName("t")!.partitions.size).toBe(5);
    expect(h.partition("t", 4).replicas.length).toBe(2);
    expect(errorNameOf(() => h.controller.createPartitions(h.image, { name: "t", totalCount: 5 }))).toBe(
      "INVALID_PARTITIONS",
    );
    expect(errorNameOf(() => h.controller.createPartitions(h.image, { name: "x", totalCount: 5 }))).toBe(
      "UNKNOWN_TOPIC_OR_PARTITION",
    );
  });

  it("sets and removes validated configs", () => {
    const h = new Harness();
    h.addBrokers([nodeId(1)]);
    h.createTopic("t", 1, 1);
    const topic = { type: "topic" as const, name: "t" };
    h.commit(h.controller.alterConfigs(h.image, topic, [{ key: "retention.ms", value: " 100 " }]));
    expect(h.image.configsOf(topic).get("retention.ms")).toBe("100");
    h.commit(h.controller.alterConfigs(h.image, topic, [{ key: "retention.ms", value: null }]));
    expect(h.image.configsOf(topic).size).toBe(0);
    expect(errorNameOf(() => h.controller.alterConfigs(h.image, topic, [{ key: "nope", value: null }]))).toBe(
      "INVALID_CONFIG",
    );
    expect(
      errorNameOf(() => h.controller.alterConfigs(h.image, topic, [{ key: "retention.ms", value: "x" }])),
    ).toBe("INVALID_CONFIG");
    expect(errorNameOf(() => h.controller.alterConfigs(h.image, { type: "topic", name: "u" }, []))).toBe(
      "UNKNOWN_TOPIC_OR_PARTITION",
    );
    h.commit(
      h.controller.alterConfigs(h.image, { type: "broker", name: "1" }, [{ key: "log.dirs", value: "/d" }]),
    );
    expect(h.image.configsOf({ type: "broker", name: "1" }).get("log.dirs")).toBe("/d");
    expect(errorNameOf(() => h.controller.alterConfigs(h.image, { type: "broker", name: "x" }, []))).toBe(
      "INVALID_REQUEST",
    );
  });
});
