/**
 * Raft's node ids are @rill/protocol/ids' branded NodeId (issue 16): one declaration for Raft,
 * replication and metadata, so an offset, an index or a bare number does not compile where a
 * member is named. The `@ts-expect-error` lines are the test: `tsc` (the package's typecheck)
 * fails if any of them compiles. The run-time expectations pin what the lines exercise.
 */
import { NO_NODE, nodeId, offset } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import {
  type ConfigChange,
  decodeConfigChange,
  encodeConfigChange,
  type MembershipConfig,
  MemoryLog,
  RAFT_NO_NODE,
  RaftCore,
} from "../../src/core/index.js";

const CONFIG: MembershipConfig = { voters: [nodeId(1), nodeId(2)], learners: [] };

function follower(): RaftCore {
  const log = new MemoryLog(CONFIG);
  log.applySnapshot({ metadata: { index: 1, term: 1, config: CONFIG }, data: new Uint8Array(0) });
  return new RaftCore({
    id: nodeId(1),
    electionTicks: 10,
    heartbeatTicks: 1,
    log,
    random: () => 0,
    preVote: true,
    checkQuorum: true,
    maxEntriesBytesPerMessage: 1024,
    maxInflightMessages: 4,
    applied: 1,
  });
}

describe("NodeId at the Raft API", () => {
  it("names no node with 0, not Kafka's -1: controller ids start at 1", () => {
    expect(RAFT_NO_NODE).toBe(0);
    expect(RAFT_NO_NODE).not.toBe(NO_NODE);
    expect(follower().status()).toMatchObject({ vote: RAFT_NO_NODE, leaderId: RAFT_NO_NODE });
  });

  it("does not compile an offset or a bare number where a member is named", () => {
    const core = follower();
    // @ts-expect-error an Offset is not a NodeId
    const fromOffset: ConfigChange = { type: "remove-node", nodeId: offset(2) };
    // @ts-expect-error a bare number must be checked through nodeId() first
    const fromNumber: ConfigChange = { type: "remove-node", nodeId: 2 };
    // @ts-expect-error a bare number must be checked through nodeId() first
    expect(core.progressOf(2)).toBeUndefined();
    // @ts-expect-error a member list of bare numbers is not a membership
    const voters: MembershipConfig = { voters: [1, 2], learners: [] };
    // At run time the brand is only a number: the same bytes as the checked values.
    expect(decodeConfigChange(encodeConfigChange(fromOffset))).toEqual(fromNumber);
    expect(voters.voters).toEqual(CONFIG.voters);
  });
});
