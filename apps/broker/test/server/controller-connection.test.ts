import { waitFor } from "@rill/protocol/testing";
import { createLogger } from "@rill/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { ControllerConnection } from "../../src/server/controller-connection.js";
import { ControllerQuorumClient } from "../../src/server/controller-quorum-client.js";
import { type FakeController, notController, startFakeController } from "./fake-controller.js";

const logger = createLogger({ name: "test", level: "silent" });
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(handlers: Parameters<typeof startFakeController>[0] = {}): Promise<FakeController> {
  const controller = await startFakeController(handlers);
  cleanups.push(() => controller.close());
  return controller;
}

function quorumOf(addresses: string[], attemptTimeoutMs = 2_000): ControllerQuorumClient {
  const quorum = new ControllerQuorumClient({
    addresses,
    logger,
    attemptTimeoutMs,
    backoffInitialMs: 10,
    backoffMaxMs: 50,
  });
  cleanups.push(() => quorum.close());
  return quorum;
}

function connectionOf(
  quorum: ControllerQuorumClient,
  overrides: Partial<ConstructorParameters<typeof ControllerConnection>[0]> = {},
): ControllerConnection {
  const connection = new ControllerConnection({
    nodeId: 101,
    clusterId: "cluster-one",
    endpoints: () => [{ listenerName: "CLIENT", host: "127.0.0.1", port: 19101 }],
    rack: "rack-a",
    quorum,
    heartbeatIntervalMs: 50,
    sessionTimeoutMs: 2_000,
    requestTimeoutMs: 2_000,
    metadataOffset: () => -1,
    logger,
    ...overrides,
  });
  cleanups.push(() => connection.close());
  return connection;
}

/** A controller that follows: every request gets NOT_CONTROLLER naming `active`. */
async function follower(active: FakeController): Promise<FakeController> {
  const reject = () => Promise.reject(notController(active));
  return fake({ registerBroker: reject, brokerHeartbeat: reject, createTopics: reject });
}

/** An address where nothing listens (a controller that is down). */
async function deadAddress(): Promise<string> {
  const controller = await startFakeController();
  await controller.close();
  return controller.address;
}

describe("ControllerQuorumClient", () => {
  it("follows a NOT_CONTROLLER hint to the active controller and then goes there directly", async () => {
    const active = await fake({ createTopics: async () => ({ topics: [] }) });
    const other = await follower(active);
    const quorum = quorumOf([other.address]);
    await quorum.call("createTopics", { topics: [] }, { timeoutMs: 5_000, idempotent: false });
    await quorum.call("createTopics", { topics: [] }, { timeoutMs: 5_000, idempotent: false });
    expect(other.calls.map((call) => call.method)).toEqual(["createTopics"]);
    expect(active.calls.map((call) => call.method)).toEqual(["createTopics", "createTopics"]);
    expect(quorum.activeControllerId).toBe(2);
    expect(quorum.activeAddress).toBe(active.address);
  });

  it("rotates past an unreachable controller", async () => {
    const active = await fake({ listTopics: async () => ({ topics: [{ name: "a" }] }) });
    const quorum = quorumOf([await deadAddress(), active.address]);
    const response = await quorum.call(
      "listTopics",
      { includeInternal: false },
      { timeoutMs: 5_000, idempotent: true },
    );
    expect(response.topics.map((topic) => topic.name)).toEqual(["a"]);
  });

  it("reaches the active controller within one heartbeat's time past a silent one, and tries the silent one last from then on", async () => {
    // Seed 1410 of the fault suite: the first attempt of each heartbeat landed on a cut-off
    // controller and took the heartbeat's whole second, so the brokers found the new active
    // controller 2.6 s after its election and it fenced them all.
    const hung = await fake({ brokerHeartbeat: () => new Promise(() => {}) });
    let refusals = 0;
    const active = await fake({
      brokerHeartbeat: async () => {
        if (refusals > 0) {
          refusals -= 1;
          throw notController();
        }
        return { isCaughtUp: true, isFenced: false, shouldShutDown: false };
      },
    });
    const quorum = quorumOf([hung.address, active.address], 5_000);
    const heartbeat = {
      nodeId: 101,
      brokerEpoch: 1,
      currentMetadataOffset: 0,
      wantFence: false,
      wantShutDown: false,
    };
    await expect(
      quorum.call("brokerHeartbeat", heartbeat, { timeoutMs: 1_000, idempotent: true }),
    ).resolves.toMatchObject({ isFenced: false });
    expect(hung.calls).toHaveLength(1);
    // An election: the active controller knows no leader for a while, then leads again.
    refusals = 3;
    await quorum.call("brokerHeartbeat", heartbeat, { timeoutMs: 5_000, idempotent: true });
    expect(hung.calls).toHaveLength(1);
    expect(active.calls.length).toBe(5);
  });

  it("keeps rotating while no controller knows a leader, until one does", async () => {
    let elected = false;
    const active = await fake({
      listTopics: async () => {
        if (!elected) throw notController();
        return { topics: [] };
      },
    });
    const quorum = quorumOf([active.address]);
    const call = quorum.call("listTopics", {}, { timeoutMs: 5_000, idempotent: true });
    await waitFor(() => active.calls.length >= 3, { timeoutMs: 10_000, message: "three attempts" });
    elected = true;
    await expect(call).resolves.toEqual({ topics: [] });
  });

  it("returns an outcome-unknown failure of a non-idempotent request without retrying it", async () => {
    const slow = await fake({ createTopics: () => new Promise(() => {}) });
    const quorum = quorumOf([slow.address], 200);
    const failure = await quorum
      .call("createTopics", { topics: [{ name: "t" }] }, { timeoutMs: 5_000, idempotent: false })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorName: "REQUEST_TIMED_OUT" });
    expect(slow.calls).toHaveLength(1);
  });

  it("opens a new channel to a controller that let an attempt time out (a link that was cut)", async () => {
    const slow = await fake({ createTopics: () => new Promise(() => {}) });
    const quorum = quorumOf([slow.address], 200);
    const before = quorum.clientFor(slow.address);
    expect(quorum.clientFor(slow.address)).toBe(before);
    await quorum
      .call("createTopics", { topics: [{ name: "t" }] }, { timeoutMs: 5_000, idempotent: false })
      .catch((error: unknown) => error);
    const after = quorum.clientFor(slow.address);
    expect(after).not.toBe(before);
    expect(quorum.clientFor(slow.address)).toBe(after);
  });

  it("returns a final error from the active controller as it is, without retrying", async () => {
    const { RillError } = await import("@rill/protocol");
    const active = await fake({
      allocateProducerIds: () => Promise.reject(new RillError("STALE_BROKER_EPOCH", "epoch 1 is not 4")),
    });
    const quorum = quorumOf([active.address]);
    const failure = await quorum
      .call("allocateProducerIds", { brokerId: 1, brokerEpoch: 1 }, { timeoutMs: 5_000, idempotent: true })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorName: "STALE_BROKER_EPOCH", message: "epoch 1 is not 4" });
    expect(active.calls).toHaveLength(1);
  });
});

describe("ControllerConnection", () => {
  it("registers through a follower's redirect with a fresh incarnation id and the endpoints", async () => {
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 42 }),
      brokerHeartbeat: async () => ({ isCaughtUp: false, isFenced: true, shouldShutDown: false }),
    });
    const other = await follower(active);
    const connection = connectionOf(quorumOf([other.address]));
    await expect(connection.start()).resolves.toBe(42);
    expect(connection.brokerEpoch()).toBe(42n);
    const registration = active.calls.find((call) => call.method === "registerBroker")?.request;
    expect(registration).toMatchObject({
      nodeId: 101,
      clusterId: "cluster-one",
      incarnationId: connection.incarnationId,
      endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: 19101 }],
      rack: "rack-a",
      previousBrokerEpoch: -1,
    });
    expect(connection.incarnationId).toMatch(/^[0-9a-f-]{36}$/);
    const second = connectionOf(quorumOf([active.address]));
    expect(second.incarnationId).not.toBe(connection.incarnationId);
  });

  it("heartbeats the applied metadata offset and is unfenced once caught up", async () => {
    let appliedOffset = 5;
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 10 }),
      brokerHeartbeat: async (request: { currentMetadataOffset: number }) => {
        const caughtUp = request.currentMetadataOffset >= 10;
        return { isCaughtUp: caughtUp, isFenced: !caughtUp, shouldShutDown: false };
      },
    });
    const connection = connectionOf(quorumOf([active.address]), { metadataOffset: () => appliedOffset });
    const states: boolean[] = [];
    connection.onStateChange((state) => states.push(state.fenced));
    await connection.start();
    await waitFor(
      () =>
        active.calls.some(
          (call) => call.method === "brokerHeartbeat" && call.request.currentMetadataOffset === 5,
        ),
      { timeoutMs: 10_000, message: "a heartbeat reports offset 5" },
    );
    expect(connection.session.fenced).toBe(true);
    appliedOffset = 12;
    connection.heartbeatSoon();
    await connection.whenUnfenced(5_000);
    expect(connection.session).toEqual({ brokerEpoch: 10, fenced: false, caughtUp: true });
    expect(states.at(-1)).toBe(false);
    const heartbeat = active.calls.find((call) => call.method === "brokerHeartbeat")?.request;
    expect(heartbeat).toMatchObject({ nodeId: 101, brokerEpoch: 10, wantShutDown: false });
  });

  it("counts its session alive from the send of the last heartbeat answered unfenced, for a session", async () => {
    let nowMs = 1_000;
    let answer = true;
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 10 }),
      brokerHeartbeat: async () =>
        answer
          ? { isCaughtUp: true, isFenced: false, shouldShutDown: false }
          : new Promise(() => {
              // cut off: never answered (the attempt times out)
            }),
    });
    const connection = connectionOf(quorumOf([active.address], 200), { monotonicNowMs: () => nowMs });
    expect(connection.sessionAlive()).toBe(false);
    await connection.start();
    await connection.whenUnfenced(5_000);
    expect(connection.sessionAlive()).toBe(true);
    // No heartbeat answered from now on: alive until a session after the last answered one was sent.
    answer = false;
    const heartbeats = active.calls.filter((call) => call.method === "brokerHeartbeat").length;
    await waitFor(
      () => active.calls.filter((call) => call.method === "brokerHeartbeat").length > heartbeats + 1,
      {
        timeoutMs: 10_000,
        message: "heartbeats that go unanswered",
      },
    );
    nowMs += 1_999;
    expect(connection.sessionAlive()).toBe(true);
    nowMs += 1;
    expect(connection.sessionAlive()).toBe(false);
    answer = true;
    await waitFor(() => connection.sessionAlive(), {
      timeoutMs: 10_000,
      message: "a heartbeat answered again",
    });
  });

  it("re-registers when the controller says the registration is stale", async () => {
    let nextEpoch = 1;
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: nextEpoch++ }),
      brokerHeartbeat: async (request: { brokerEpoch: number }) => {
        if (request.brokerEpoch === 1)
          throw new (await import("@rill/protocol")).RillError("STALE_BROKER_EPOCH");
        return { isCaughtUp: true, isFenced: false, shouldShutDown: false };
      },
    });
    const connection = connectionOf(quorumOf([active.address]));
    await connection.start();
    await connection.whenUnfenced(5_000);
    expect(connection.session.brokerEpoch).toBe(2);
    const registrations = active.calls.filter((call) => call.method === "registerBroker");
    expect(registrations.map((call) => call.request.previousBrokerEpoch)).toEqual([-1, 1]);
    expect(registrations[1]?.request.incarnationId).toBe(connection.incarnationId);
  });

  it("keeps retrying a registration refused while an older incarnation's session lives", async () => {
    const { RillError } = await import("@rill/protocol");
    let refusals = 2;
    const active = await fake({
      registerBroker: async () => {
        if (refusals-- > 0) throw new RillError("DUPLICATE_BROKER_REGISTRATION");
        return { brokerEpoch: 7 };
      },
      brokerHeartbeat: async () => ({ isCaughtUp: false, isFenced: true, shouldShutDown: false }),
    });
    const connection = connectionOf(quorumOf([active.address]));
    await expect(connection.start()).resolves.toBe(7);
    expect(active.calls.filter((call) => call.method === "registerBroker")).toHaveLength(3);
  });

  it("refuses to start against another cluster's controllers", async () => {
    const { RillError } = await import("@rill/protocol");
    const active = await fake({
      registerBroker: () => Promise.reject(new RillError("INCONSISTENT_CLUSTER_ID")),
    });
    const connection = connectionOf(quorumOf([active.address]));
    await expect(connection.start()).rejects.toMatchObject({ errorName: "INCONSISTENT_CLUSTER_ID" });
  });

  it("sends AlterPartition and AllocateProducerIds with the broker epoch", async () => {
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 33 }),
      brokerHeartbeat: async () => ({ isCaughtUp: true, isFenced: false, shouldShutDown: false }),
      allocateProducerIds: async () => ({ producerIdStart: 5000, producerIdLen: 1000 }),
      alterPartition: async () => ({
        topics: [{ topicName: "t", partitions: [{ partitionIndex: 0, isr: [101] }] }],
      }),
    });
    const connection = connectionOf(quorumOf([active.address]));
    await connection.start();
    await expect(connection.allocateProducerIds()).resolves.toEqual({ firstProducerId: 5000n, count: 1000 });
    const response = await connection.alterPartition({
      brokerEpoch: Number(connection.brokerEpoch()),
      topics: [
        { topicName: "t", partitions: [{ partitionIndex: 0, newIsr: [{ brokerId: 101, brokerEpoch: 33 }] }] },
      ],
    });
    expect(response.topics[0]?.partitions[0]?.isr).toEqual([101]);
    expect(active.calls.find((call) => call.method === "allocateProducerIds")?.request).toMatchObject({
      brokerId: 101,
      brokerEpoch: 33,
    });
    expect(active.calls.find((call) => call.method === "alterPartition")?.request).toMatchObject({
      brokerId: 101,
      brokerEpoch: 33,
    });
  });

  it("controlled shutdown repeats until the controller has moved every leadership", async () => {
    let stillLeading = 2;
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 3 }),
      brokerHeartbeat: async () => ({ isCaughtUp: true, isFenced: false, shouldShutDown: false }),
      controlledShutdown: async () => ({
        remainingPartitions: stillLeading-- > 0 ? [{ topic: "t", partition: 0 }] : [],
      }),
    });
    const connection = connectionOf(quorumOf([active.address]));
    await connection.start();
    await expect(connection.controlledShutdown({ timeoutMs: 10_000 })).resolves.toBe("done");
    const requests = active.calls.filter((call) => call.method === "controlledShutdown");
    expect(requests).toHaveLength(3);
    expect(requests[0]?.request).toMatchObject({ brokerId: 101, brokerEpoch: 3 });
    // From now on heartbeats ask to shut down too, so the controller never unfences the broker again.
    const before = active.calls.length;
    connection.heartbeatSoon();
    await waitFor(() => active.calls.length > before, { timeoutMs: 10_000, message: "another heartbeat" });
    expect(active.calls.at(-1)?.request).toMatchObject({ wantShutDown: true });
  });

  it("controlled shutdown stops waiting when no partition left can move, and is bounded", async () => {
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 3 }),
      brokerHeartbeat: async () => ({ isCaughtUp: true, isFenced: false, shouldShutDown: false }),
      controlledShutdown: async () => ({ remainingPartitions: [{ topic: "t", partition: 0 }] }),
    });
    const connection = connectionOf(quorumOf([active.address]));
    await connection.start();
    await expect(connection.controlledShutdown({ timeoutMs: 10_000, giveUp: () => true })).resolves.toBe(
      "no-eligible-leaders",
    );
    await expect(connection.controlledShutdown({ timeoutMs: 300, giveUp: () => false })).resolves.toBe(
      "timed-out",
    );
  });

  it("controlled shutdown falls back to heartbeats when the controller lacks the RPC", async () => {
    const active = await fake({
      registerBroker: async () => ({ brokerEpoch: 3 }),
      brokerHeartbeat: async (request: { wantShutDown: boolean }) => ({
        isCaughtUp: true,
        isFenced: request.wantShutDown,
        shouldShutDown: request.wantShutDown,
      }),
    });
    const connection = connectionOf(quorumOf([active.address]));
    await connection.start();
    await expect(connection.controlledShutdown({ timeoutMs: 10_000 })).resolves.toBe("done");
  });
});
