import { isRillError, type RillError } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { describeImage } from "./image/snapshot.js";
import { InMemoryQuorum } from "./log/in-memory-metadata-log.js";
import { QuorumController, type QuorumControllerOptions } from "./quorum-controller.js";

const endpoints = [{ name: "PLAINTEXT", host: "127.0.0.1", port: 9092 }];

function cluster(options: { autoCommit?: boolean; controller?: Partial<QuorumControllerOptions> } = {}) {
  const quorum = new InMemoryQuorum({ autoCommit: options.autoCommit ?? true });
  const clock = { nowMs: 1_000 };
  const nodes = [1, 2, 3].map(
    (nodeId) =>
      new QuorumController({
        nodeId,
        log: quorum.logFor(nodeId),
        clock: () => clock.nowMs,
        controller: { seed: nodeId },
        ...options.controller,
      }),
  );
  return { quorum, clock, nodes };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

async function addBroker(controller: QuorumController, brokerId: NodeId): Promise<number> {
  const { brokerEpoch } = await controller.run((image, nowMs) =>
    controller.controller.registerBroker(
      image,
      { brokerId, incarnationId: `i${brokerId}`, endpoints, rack: null },
      nowMs,
    ),
  );
  await controller.run((image, nowMs) =>
    controller.controller.brokerHeartbeat(
      image,
      { brokerId, brokerEpoch, currentMetadataOffset: image.offset, wantShutDown: false },
      nowMs,
    ),
  );
  return brokerEpoch;
}

function createTopic(controller: QuorumController, name: string) {
  return controller.run((image) =>
    controller.controller.createTopic(image, { name, numPartitions: 2, replicationFactor: 1 }),
  );
}

async function errorOf(promise: Promise<unknown>): Promise<RillError> {
  try {
    await promise;
  } catch (error) {
    if (isRillError(error)) return error;
    throw error;
  }
  throw new Error("expected a RillError");
}

describe("QuorumController", () => {
  it("runs operations on the active controller and replicates the image to every member", async () => {
    const { quorum, nodes } = cluster();
    const [one, two, three] = nodes as [QuorumController, QuorumController, QuorumController];
    quorum.elect(1);
    await settle();
    expect(one.isReady).toBe(true);
    await addBroker(one, nodeId(10));
    const { topicId } = await createTopic(one, "orders");
    expect(one.image.topicByName("orders")?.topicId).toBe(topicId);
    expect(describeImage(two.image)).toEqual(describeImage(one.image));
    expect(describeImage(three.image)).toEqual(describeImage(one.image));
    const error = await errorOf(createTopic(two, "other"));
    expect(error.errorName).toBe("NOT_CONTROLLER");
    expect(error.details).toEqual({ leaderId: 1 });
    // A validation error writes nothing.
    expect((await errorOf(createTopic(one, "orders"))).errorName).toBe("TOPIC_ALREADY_EXISTS");
  });

  it("pipelines: a second operation sees the first before it commits; responses wait for the commit", async () => {
    const { quorum, nodes } = cluster({ autoCommit: false });
    const one = nodes[0]!;
    quorum.elect(1);
    quorum.commit();
    await settle();
    quorum.commit();
    await settle();
    expect(one.isReady).toBe(true);
    const register = one.run((image, nowMs) =>
      one.controller.registerBroker(
        image,
        { brokerId: nodeId(5), incarnationId: "a", endpoints, rack: null },
        nowMs,
      ),
    );
    await settle();
    const duplicate = one.run((image) => {
      expect(image.brokers.has(nodeId(5))).toBe(true); // the uncommitted registration is visible
      return { records: [], response: "read" };
    });
    let registered = false;
    void register.then(() => {
      registered = true;
    });
    await settle();
    expect(registered).toBe(false);
    expect(one.image.brokers.has(nodeId(5))).toBe(false);
    quorum.commit();
    expect(await register).toEqual({ brokerEpoch: expect.any(Number) });
    expect(await duplicate).toBe("read");
    expect(one.image.brokers.has(nodeId(5))).toBe(true);
  });

  it("fails proposals lost in a failover with NOT_CONTROLLER; the new controller carries on", async () => {
    const { quorum, nodes } = cluster({ autoCommit: false });
    const [one, two] = nodes as [QuorumController, QuorumController];
    quorum.elect(1);
    quorum.commit();
    await settle();
    quorum.commit();
    await settle();
    const register = one.run((image, nowMs) =>
      one.controller.registerBroker(
        image,
        { brokerId: nodeId(5), incarnationId: "a", endpoints, rack: null },
        nowMs,
      ),
    );
    await settle();
    // Node 1 loses leadership before its entry reaches a majority; node 2's log replaces it.
    quorum.elect(2, { truncate: true });
    quorum.commit();
    expect((await errorOf(register)).errorName).toBe("NOT_CONTROLLER");
    expect(one.latestImage.brokers.has(nodeId(5))).toBe(false);
    await settle();
    quorum.commit();
    await settle();
    expect(two.isReady).toBe(true);
    quorum.autoCommit = true;
    await addBroker(two, nodeId(6));
    expect([...one.image.brokers.keys()]).toEqual([6]);
  });

  it("a proposal that survives the failover still succeeds", async () => {
    const { quorum, nodes } = cluster({ autoCommit: false });
    const [one, two] = nodes as [QuorumController, QuorumController];
    quorum.elect(1);
    quorum.commit();
    await settle();
    quorum.commit();
    await settle();
    const register = one.run((image, nowMs) =>
      one.controller.registerBroker(
        image,
        { brokerId: nodeId(5), incarnationId: "a", endpoints, rack: null },
        nowMs,
      ),
    );
    await settle();
    quorum.elect(2); // the entry was replicated: the new leader keeps it
    quorum.commit();
    expect(await register).toEqual({ brokerEpoch: expect.any(Number) });
    expect(two.image.brokers.has(nodeId(5))).toBe(true);
  });

  it("a new active controller accepts operations only after an entry of its term commits", async () => {
    const { quorum, nodes } = cluster({ autoCommit: false });
    const one = nodes[0]!;
    quorum.elect(1);
    expect(one.isActive).toBe(true);
    expect(one.isReady).toBe(false);
    let done = false;
    const operation = one
      .run(() => ({ records: [], response: "ok" }))
      .then((value) => {
        done = true;
        return value;
      });
    await settle();
    expect(done).toBe(false);
    quorum.commit();
    expect(await operation).toBe("ok");
  });

  it("snapshots every N records and a new member restores from the snapshot", async () => {
    const { quorum, nodes, clock } = cluster({
      controller: { snapshotPolicy: { recordsBetweenSnapshotsMax: 5, bytesBetweenSnapshotsMax: 1 << 30 } },
    });
    const one = nodes[0]!;
    quorum.elect(1);
    await settle();
    await addBroker(one, nodeId(1));
    for (const name of ["a", "b", "c"]) await createTopic(one, name);
    await settle();
    expect(quorum.snapshot).toBeDefined();
    const late = new QuorumController({ nodeId: 4, log: quorum.logFor(4), clock: () => clock.nowMs });
    quorum.catchUp(4);
    expect(describeImage(late.image)).toEqual(describeImage(one.image));
  });

  it("tick fences brokers whose session expired, by the injected clock", async () => {
    const { quorum, nodes, clock } = cluster({ controller: { controller: { sessionTimeoutMs: 100 } } });
    const one = nodes[0]!;
    quorum.elect(1);
    await settle();
    await addBroker(one, nodeId(1));
    await one.tick();
    expect(one.image.brokers.get(nodeId(1))!.fenced).toBe(false);
    clock.nowMs += 101;
    await one.tick();
    expect(one.image.brokers.get(nodeId(1))!.fenced).toBe(true);
  });
});
