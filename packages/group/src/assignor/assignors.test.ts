import { describe, expect, it } from "vitest";
import type { ClusterTopics } from "../cluster-topics.js";
import {
  countPartitions,
  EMPTY_TOPIC_PARTITIONS,
  type TopicPartitions,
  topicPartitionsOf,
} from "../topic-partitions.js";
import { type AssignorMember, assignorNamed } from "./assignor.js";
import { rangeAssignor } from "./range-assignor.js";
import { uniformAssignor } from "./uniform-assignor.js";

function topics(entries: Record<string, number>, racks?: (partition: number) => string[]): ClusterTopics {
  return new Map(
    Object.entries(entries).map(([name, partitionCount]) => [
      name,
      {
        partitionCount,
        partitionRacks: racks === undefined ? [] : Array.from({ length: partitionCount }, (_, p) => racks(p)),
      },
    ]),
  );
}

function member(
  memberId: string,
  subscribedTopics: string[],
  current: TopicPartitions = EMPTY_TOPIC_PARTITIONS,
  rackId: string | null = null,
): AssignorMember {
  return { memberId, rackId, subscribedTopics, current };
}

function owners(result: Map<string, TopicPartitions>): Map<string, string> {
  const owner = new Map<string, string>();
  for (const [memberId, set] of result) {
    for (const [topic, partitions] of set) {
      for (const partition of partitions) {
        const key = `${topic}-${partition}`;
        expect(owner.has(key), `${key} assigned twice`).toBe(false);
        owner.set(key, memberId);
      }
    }
  }
  return owner;
}

describe("uniformAssignor", () => {
  it("assigns every partition once, balanced", () => {
    const result = uniformAssignor({
      members: [member("a", ["t"]), member("b", ["t"]), member("c", ["t"])],
      topics: topics({ t: 12 }),
    });
    expect(owners(result).size).toBe(12);
    expect([...result.values()].map(countPartitions)).toEqual([4, 4, 4]);
  });

  it("moves only the joining member's share when one joins (sticky)", () => {
    const first = uniformAssignor({
      members: [member("a", ["t"]), member("b", ["t"]), member("c", ["t"])],
      topics: topics({ t: 12 }),
    });
    const before = owners(first);
    const second = uniformAssignor({
      members: [
        member("a", ["t"], first.get("a")),
        member("b", ["t"], first.get("b")),
        member("c", ["t"], first.get("c")),
        member("d", ["t"]),
      ],
      topics: topics({ t: 12 }),
    });
    const after = owners(second);
    const moved = [...after].filter(([key, owner]) => before.get(key) !== owner);
    expect(moved.length).toBe(3);
    expect(moved.every(([, owner]) => owner === "d")).toBe(true);
  });

  it("gives partitions only to members subscribed to their topic, balancing what it can", () => {
    const result = uniformAssignor({
      members: [member("a", ["x"]), member("b", ["x", "y"]), member("c", ["y"])],
      topics: topics({ x: 4, y: 4 }),
    });
    const owner = owners(result);
    expect(owner.size).toBe(8);
    for (const [key, memberId] of owner) {
      if (key.startsWith("x-")) expect(["a", "b"]).toContain(memberId);
      else expect(["b", "c"]).toContain(memberId);
    }
    const counts = [...result.values()].map(countPartitions).sort();
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it("prefers members on a partition's replica racks", () => {
    const result = uniformAssignor({
      members: [
        member("a", ["t"], EMPTY_TOPIC_PARTITIONS, "r1"),
        member("b", ["t"], EMPTY_TOPIC_PARTITIONS, "r2"),
      ],
      topics: topics({ t: 4 }, (partition) => [partition % 2 === 0 ? "r1" : "r2"]),
    });
    expect([...(result.get("a")?.get("t") ?? [])].sort()).toEqual([0, 2]);
    expect([...(result.get("b")?.get("t") ?? [])].sort()).toEqual([1, 3]);
  });

  it("drops partitions of topics a member no longer subscribes to or that shrank away", () => {
    const result = uniformAssignor({
      members: [
        member(
          "a",
          ["t"],
          topicPartitionsOf([
            ["t", [0, 1, 5]],
            ["gone", [0]],
          ]),
        ),
      ],
      topics: topics({ t: 3 }),
    });
    expect(result.get("a")).toEqual(topicPartitionsOf([["t", [0, 1, 2]]]));
  });
});

describe("rangeAssignor", () => {
  it("gives each member a contiguous range, the first ones one more", () => {
    const result = rangeAssignor({
      members: [member("a", ["t"]), member("b", ["t"]), member("c", ["t"])],
      topics: topics({ t: 7 }),
    });
    expect(result.get("a")).toEqual(topicPartitionsOf([["t", [0, 1, 2]]]));
    expect(result.get("b")).toEqual(topicPartitionsOf([["t", [3, 4]]]));
    expect(result.get("c")).toEqual(topicPartitionsOf([["t", [5, 6]]]));
  });
});

describe("assignorNamed", () => {
  it("knows uniform (the default) and range, and refuses others with UNSUPPORTED_ASSIGNOR", () => {
    expect(assignorNamed("")).toBe(uniformAssignor);
    expect(assignorNamed("range")).toBe(rangeAssignor);
    expect(() => assignorNamed("cooperative-sticky")).toThrow(
      expect.objectContaining({ errorName: "UNSUPPORTED_ASSIGNOR" }),
    );
  });
});
