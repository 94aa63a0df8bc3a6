/**
 * Controller bugs the metadata simulation found, each pinned down as a small deterministic case
 * on InMemoryQuorum (the failing simulation seeds are rerun in sim-simulation.test.ts).
 */

import { isRillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { InMemoryQuorum } from "../src/log/in-memory-metadata-log.js";
import { QuorumController } from "../src/quorum-controller.js";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function registration(incarnationId: string) {
  return {
    brokerId: nodeId(7),
    incarnationId,
    endpoints: [{ name: "PLAINTEXT", host: "broker-7", port: 9092 }],
    rack: null,
  };
}

describe("QuorumController regressions found by the simulation", () => {
  it("does not re-apply a proposal left pending from an earlier term when it becomes active again (seed 6)", async () => {
    const nowMs = 1_000;
    // Proposals resolve on commit and reject INDETERMINATE on a leadership change, as with
    // @rill/raft's RaftClient: the lost proposal stays pending with no known index.
    const quorum = new InMemoryQuorum({ autoCommit: false, proposeResolves: "commit" });
    const first = new QuorumController({ nodeId: 1, log: quorum.logFor(1), clock: () => nowMs });
    const second = new QuorumController({ nodeId: 2, log: quorum.logFor(2), clock: () => nowMs });
    const register = (controller: QuorumController, incarnationId: string) =>
      controller.run((image, now) =>
        controller.controller.registerBroker(image, registration(incarnationId), now),
      );

    quorum.elect(1);
    quorum.commit();
    await flush();
    const registered = register(first, "a");
    await flush();
    quorum.commit();
    await expect(registered).resolves.toEqual({ brokerEpoch: expect.any(Number) });

    // Controller 1 proposes a re-registration that never commits: leadership moves to 2.
    const lost = register(first, "b");
    await flush();
    quorum.elect(2, { truncate: true });
    await expect(lost).rejects.toSatisfy((error) => isRillError(error, "INDETERMINATE"));
    quorum.commit();
    await flush();
    const byTwo = register(second, "c");
    await flush();
    quorum.commit();
    const { brokerEpoch } = await byTwo;

    // Back to controller 1: its stale proposal (an older epoch for broker 7) must not be applied
    // over controller 2's registration. Before the fix this threw "broker 7 epoch must grow".
    expect(() => quorum.elect(1)).not.toThrow();
    expect(first.latestImage.brokers.get(nodeId(7))?.brokerEpoch).toBe(brokerEpoch);
    quorum.commit();
    await flush();
    expect(first.isReady).toBe(true);
    expect(first.latestImage.brokers.get(nodeId(7))?.incarnationId).toBe("c");
    const again = register(first, "d");
    await flush();
    quorum.commit();
    await expect(again).resolves.toEqual({ brokerEpoch: expect.any(Number) });
    expect(first.image.brokers.get(nodeId(7))?.incarnationId).toBe("d");
  });
});
