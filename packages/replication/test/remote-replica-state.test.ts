import { nodeId, offset as toOffset } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { RemoteReplicaState } from "../src/leader/remote-replica-state.js";

describe("RemoteReplicaState durable offset", () => {
  it("is not lowered by a report older than one applied, and is capped by a shorter log", () => {
    const remote = new RemoteReplicaState(nodeId(2), { nowMs: 0, inSync: true });
    remote.recordFetch({
      fetchOffset: toOffset(10),
      durableOffset: toOffset(8),
      leaderLogEndOffset: toOffset(10),
      nowMs: 1,
    });
    expect(remote.durableOffset).toBe(8);
    // A held round re-read after a progress report carries the round's older durable offset.
    remote.recordFetch({
      fetchOffset: toOffset(10),
      durableOffset: toOffset(3),
      leaderLogEndOffset: toOffset(10),
      nowMs: 2,
    });
    expect(remote.durableOffset).toBe(8);
    // The follower truncated to 5: only the durable prefix of what it still holds counts.
    remote.recordFetch({
      fetchOffset: toOffset(5),
      durableOffset: toOffset(0),
      leaderLogEndOffset: toOffset(10),
      nowMs: 3,
    });
    expect(remote.durableOffset).toBe(5);
    expect(remote.logEndOffset).toBe(5);
    remote.recordFetch({
      fetchOffset: toOffset(10),
      durableOffset: toOffset(10),
      leaderLogEndOffset: toOffset(10),
      nowMs: 4,
    });
    expect(remote.durableOffset).toBe(10);
  });
});
