import { existsSync } from "node:fs";
import { join } from "node:path";
import { nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { batchOf, produce, ReplicaCluster } from "./replica-cluster.js";

let cluster: ReplicaCluster | undefined;

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe("stray partition logs", () => {
  it("a broker back from a stop deletes the logs of replicas moved away and topics deleted meanwhile", async () => {
    const c = await ReplicaCluster.start({ brokerIds: [nodeId(1), nodeId(2)] });
    cluster = c;
    const topicId = c.createTopic("moved", [[nodeId(1), nodeId(2)]]);
    c.createTopic("deleted", [[nodeId(1), nodeId(2)]]);
    c.createTopic("kept", [[nodeId(1), nodeId(2)]]);
    const dir = (topic: string) => join(c.broker(nodeId(2)).dataDir, `${topic}-0`);
    for (const topic of ["moved", "deleted", "kept"]) {
      await waitFor(
        async () =>
          (
            await produce(c.client(nodeId(1)), {
              topic,
              partition: 0,
              records: batchOf(topic, 5),
              acks: "all",
            })
          ).errorCode === 0,
        { timeoutMs: 15_000, message: `${topic} written to both replicas` },
      );
      expect(existsSync(dir(topic))).toBe(true);
    }
    await c.stopBroker(nodeId(2));
    c.apply([{ type: "PartitionChange", topicId, partition: 0, replicas: [nodeId(1)], isr: [nodeId(1)] }]);
    c.deleteTopic("deleted");
    await c.startBroker(nodeId(2));
    await waitFor(() => !existsSync(dir("moved")) && !existsSync(dir("deleted")), {
      timeoutMs: 15_000,
      message: "the stray logs deleted",
    });
    await c.manager(nodeId(2)).metadataSettled();
    expect(existsSync(dir("kept"))).toBe(true);
    expect(
      c
        .manager(nodeId(2))
        .describePartitions()
        .map((partition) => partition.topic),
    ).toEqual(["kept"]);
  });
});
