/**
 * AddVoter's steps on the active controller (voter-addition.ts) against a fake Raft member: the
 * refusals before anything is appended, the learner-then-promotion sequence, the catch-up wait,
 * and a retry that finds the node already an observer.
 */

import { isRillError, RillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import type { ConfigChange, MembershipConfig } from "@rill/raft";
import { applyConfigChange } from "@rill/raft";
import { describe, expect, it } from "vitest";
import { addVoter, type VoterAdditionContext } from "../src/voter-addition.js";

const CLUSTER = "cluster-a";
const ADDRESS = "127.0.0.4:9093";

interface Fake {
  readonly context: VoterAdditionContext;
  readonly proposed: ConfigChange[];
}

function fake(options: {
  membership?: MembershipConfig;
  probe?: VoterAdditionContext["probe"];
  match?: () => number | undefined;
  refuse?: RillError;
}): Fake {
  let membership = options.membership ?? { voters: [1, 2, 3].map(nodeId), learners: [] };
  let index = 10;
  const proposed: ConfigChange[] = [];
  return {
    proposed,
    context: {
      clusterId: CLUSTER,
      membership: () => membership,
      commitIndex: () => index,
      matchIndexOf: options.match ?? (() => index),
      proposeConfigChange: async (change) => {
        if (options.refuse !== undefined) throw options.refuse;
        proposed.push(change);
        membership = applyConfigChange(membership, change);
        index += 1;
        return { index };
      },
      probe: options.probe ?? (async () => ({ nodeId: 4, clusterId: CLUSTER })),
      catchUpTimeoutMs: 200,
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error,
  );
}

describe("addVoter", () => {
  it("adds the node as a learner with its endpoint, then promotes it once caught up", async () => {
    const { context, proposed } = fake({});
    const result = await addVoter(context, 4, ADDRESS);
    expect(proposed).toEqual([
      { type: "add-learner", nodeId: 4, address: ADDRESS },
      { type: "promote-learner", nodeId: 4 },
    ]);
    expect(result.index).toBe(12);
    expect(context.membership()).toEqual({
      voters: [1, 2, 3, 4],
      learners: [],
      endpoints: [{ nodeId: 4, address: ADDRESS }],
    });
  });

  it("refuses a voter, a taken address, a bad id or address, with nothing proposed", async () => {
    const taken: MembershipConfig = {
      voters: [nodeId(1), nodeId(2), nodeId(3)],
      learners: [],
      endpoints: [{ nodeId: nodeId(2), address: ADDRESS }],
    };
    const cases: [Fake, number, string, string, RegExp][] = [
      [fake({}), 2, ADDRESS, "INCONSISTENT_VOTER_SET", /already a voter/],
      [fake({ membership: taken }), 4, ADDRESS, "INCONSISTENT_VOTER_SET", /already controller 2's/],
      [fake({}), 0, ADDRESS, "INVALID_REQUEST", /not a node id/],
      [fake({}), 4, "no-port", "INVALID_REQUEST", /no-port/],
    ];
    for (const [{ context, proposed }, id, address, code, message] of cases) {
      const error = await refusal(addVoter(context, id, address));
      expect(isRillError(error, code as never), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(proposed).toEqual([]);
    }
  });

  it("refuses when nothing answers, another node answers, or it belongs to another cluster", async () => {
    const cases: [VoterAdditionContext["probe"], string, RegExp][] = [
      [
        async () => {
          throw new RillError("NETWORK_EXCEPTION", "connection refused");
        },
        "OPERATION_NOT_ATTEMPTED",
        /no controller answers at .*--controller-quorum-bootstrap-servers/,
      ],
      [async () => ({ nodeId: 7, clusterId: CLUSTER }), "INVALID_REQUEST", /is node 7, not 4/],
      [async () => ({ nodeId: 4, clusterId: "other" }), "INCONSISTENT_CLUSTER_ID", /cluster other/],
    ];
    for (const [probe, code, message] of cases) {
      const { context, proposed } = fake({ probe });
      const error = await refusal(addVoter(context, 4, ADDRESS));
      expect(isRillError(error, code as never), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(proposed).toEqual([]);
    }
  });

  it("passes a pending change's refusal on as it is (one change at a time)", async () => {
    const pending = new RillError(
      "OPERATION_NOT_ATTEMPTED",
      "raft: another membership change is not committed yet",
    );
    const { context } = fake({ refuse: pending });
    expect(await refusal(addVoter(context, 4, ADDRESS))).toBe(pending);
  });

  it("leaves a node that does not catch up an observer, and a retry promotes it without adding it again", async () => {
    let caughtUp = false;
    const slow = fake({ match: () => (caughtUp ? 100 : 0) });
    const error = await refusal(addVoter(slow.context, 4, ADDRESS));
    expect(isRillError(error, "OPERATION_NOT_ATTEMPTED")).toBe(true);
    expect((error as Error).message).toMatch(/has not caught up .* stays an observer/);
    expect(slow.context.membership().learners).toEqual([4]);
    expect(slow.context.membership().voters).toEqual([1, 2, 3]);
    caughtUp = true;
    await addVoter(slow.context, 4, ADDRESS);
    expect(slow.proposed.map((change) => change.type)).toEqual(["add-learner", "promote-learner"]);
    expect(slow.context.membership().voters).toEqual([1, 2, 3, 4]);
  });

  it("answers NOT_CONTROLLER when leadership is lost while the learner catches up", async () => {
    const { context } = fake({ match: () => undefined });
    expect(isRillError(await refusal(addVoter(context, 4, ADDRESS)), "NOT_CONTROLLER")).toBe(true);
  });
});
