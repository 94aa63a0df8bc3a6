/**
 * The driver under random failovers: operations are pipelined on whichever controller leads,
 * entries commit in random prefixes, and leadership moves at random, either keeping the old
 * leader's uncommitted entries or truncating them. Afterwards every replica has the same image,
 * every acknowledged topic exists with the acknowledged id, every operation refused with
 * NOT_CONTROLLER left no trace, and no operation is left hanging.
 */

import { isRillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeImage } from "./image/snapshot.js";
import { InMemoryQuorum } from "./log/in-memory-metadata-log.js";
import { QuorumController } from "./quorum-controller.js";

type Step =
  | { kind: "create" }
  | { kind: "commit"; fraction: number }
  | { kind: "elect"; node: number; truncate: boolean }
  | { kind: "settle" };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant({ kind: "create" as const }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant("commit" as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("elect" as const),
      node: fc.constantFrom(1, 2, 3),
      truncate: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: "settle" as const }), weight: 2 },
);

async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

describe("QuorumController under failovers", () => {
  it.each(["append", "commit"] as const)(
    "acknowledged operations survive, refused ones leave no trace, replicas converge (propose resolves at %s)",
    async (proposeResolves) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(stepArbitrary, { minLength: 1, maxLength: 60, size: "max" }),
          async (steps) => {
            const quorum = new InMemoryQuorum({ autoCommit: false, proposeResolves });
            const nodes = [1, 2, 3].map(
              (nodeId) =>
                new QuorumController({
                  nodeId,
                  log: quorum.logFor(nodeId),
                  clock: () => 0,
                  controller: { seed: nodeId },
                }),
            );
            const flush = async () => {
              for (let i = 0; i < 5; i++) {
                quorum.commit();
                await settle();
              }
            };
            quorum.elect(1);
            await flush();
            const first = nodes[0]!;
            const registration = first.run((image, nowMs) =>
              first.controller.registerBroker(
                image,
                {
                  brokerId: nodeId(1),
                  incarnationId: "b1",
                  endpoints: [{ name: "P", host: "h", port: 1 }],
                  rack: null,
                },
                nowMs,
              ),
            );
            await flush();
            const { brokerEpoch } = await registration;
            const unfence = first.run((image, nowMs) =>
              first.controller.brokerHeartbeat(
                image,
                {
                  brokerId: nodeId(1),
                  brokerEpoch,
                  currentMetadataOffset: image.offset,
                  wantShutDown: false,
                },
                nowMs,
              ),
            );
            await flush();
            await unfence;

            const outcomes: {
              name: string;
              state: "pending" | "ok" | "refused" | "indeterminate" | "other";
              topicId?: string;
            }[] = [];
            let counter = 0;
            for (const step of steps) {
              switch (step.kind) {
                case "create": {
                  const leader = nodes.find((node) => node.isActive);
                  if (leader === undefined) break;
                  const outcome: (typeof outcomes)[number] = { name: `t${counter++}`, state: "pending" };
                  outcomes.push(outcome);
                  leader
                    .run((image) =>
                      leader.controller.createTopic(image, {
                        name: outcome.name,
                        numPartitions: 1,
                        replicationFactor: 1,
                      }),
                    )
                    .then(
                      ({ topicId }) => {
                        outcome.state = "ok";
                        outcome.topicId = topicId;
                      },
                      (error: unknown) => {
                        outcome.state = isRillError(error, "NOT_CONTROLLER")
                          ? "refused"
                          : isRillError(error, "INDETERMINATE")
                            ? "indeterminate"
                            : "other";
                      },
                    );
                  await Promise.resolve();
                  break;
                }
                case "commit": {
                  const upTo =
                    quorum.commitIndex +
                    Math.floor((quorum.entries.length - quorum.commitIndex) * step.fraction);
                  quorum.commit(upTo);
                  break;
                }
                case "elect":
                  quorum.elect(step.node, { truncate: step.truncate });
                  break;
                case "settle":
                  await settle();
                  break;
              }
            }
            await flush();
            quorum.elect(1, { truncate: false });
            await flush();

            const image = nodes[0]!.image;
            for (const node of nodes) expect(describeImage(node.image)).toEqual(describeImage(image));
            for (const outcome of outcomes) {
              expect(outcome.state, outcome.name).not.toBe("pending");
              expect(outcome.state, outcome.name).not.toBe("other");
              const topic = image.topicByName(outcome.name);
              if (outcome.state === "ok") expect(topic?.topicId, outcome.name).toBe(outcome.topicId);
              if (outcome.state === "refused") expect(topic, outcome.name).toBeUndefined();
            }
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
