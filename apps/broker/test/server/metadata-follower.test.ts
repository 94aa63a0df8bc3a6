import type { ServerWritableStream } from "@grpc/grpc-js";
import {
  encodeMetadataRecordBatch,
  encodeMetadataSnapshot,
  MetadataImage as Image,
  type MetadataImage,
  type MetadataRecord,
} from "@rill/metadata";
import type { ControllerV1 } from "@rill/protocol";
import { RillError } from "@rill/protocol";
import { type NodeId, nodeId } from "@rill/protocol/ids";
import { waitFor } from "@rill/protocol/testing";
import { createLogger } from "@rill/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { ControllerQuorumClient } from "../../src/server/controller-quorum-client.js";
import { MetadataFollower } from "../../src/server/metadata-follower.js";
import { type FakeController, startFakeController } from "./fake-controller.js";

const logger = createLogger({ name: "test", level: "silent" });
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Call = ServerWritableStream<
  ControllerV1.FetchMetadataRequest__Output,
  ControllerV1.FetchMetadataResponse
>;

const register = (brokerId: NodeId): MetadataRecord => ({
  type: "RegisterBroker",
  brokerId,
  incarnationId: `incarnation-${brokerId}`,
  brokerEpoch: brokerId,
  endpoints: [{ name: "CLIENT", host: "127.0.0.1", port: 19000 + brokerId }],
  rack: null,
  fenced: false,
  inControlledShutdown: false,
  registeredOffset: 0,
});
const topic = (name: string, leader = nodeId(1)): MetadataRecord[] => [
  { type: "Topic", name, topicId: `id-${name}` },
  {
    type: "Partition",
    topicId: `id-${name}`,
    partition: 0,
    replicas: [nodeId(1)],
    isr: [nodeId(1)],
    leader,
    leaderEpoch: 0,
    partitionEpoch: 0,
    addingReplicas: [],
    removingReplicas: [],
  },
];

/** The entries of a small log: offset → records. */
const LOG: ReadonlyMap<number, MetadataRecord[]> = new Map([
  [1, [register(nodeId(1))]],
  [2, topic("a")],
  [3, []], // a new leader's noop travels as an empty batch
  [4, topic("b")],
  [5, topic("c")],
  [6, topic("d")],
]);

function imageAt(offset: number): MetadataImage {
  let image = Image.EMPTY;
  for (let index = 1; index <= offset; index += 1) image = image.apply(LOG.get(index) ?? [], index);
  return image;
}

async function sendSnapshot(call: Call, offset: number, chunkBytes = 40): Promise<void> {
  const data = Buffer.from(encodeMetadataSnapshot(imageAt(offset)));
  for (let position = 0; position < data.length || position === 0; position += chunkBytes) {
    const last = position + chunkBytes >= data.length;
    call.write({
      snapshotChunk: {
        snapshotEndOffset: offset,
        snapshotEpoch: 1,
        position,
        data: data.subarray(position, position + chunkBytes),
        lastChunk: last,
      },
      highWatermark: LOG.size,
    });
    if (last) break;
  }
}

function sendDeltas(call: Call, from: number, to: number): void {
  const records = [];
  for (let offset = from; offset <= to; offset += 1) {
    records.push({ offset, epoch: 1, record: Buffer.from(encodeMetadataRecordBatch(LOG.get(offset) ?? [])) });
  }
  call.write({ deltas: { records }, highWatermark: LOG.size });
}

/** Keeps the stream open until the client cancels it. */
const untilCancelled = (call: Call) =>
  new Promise<void>((resolve) => call.once("cancelled", () => resolve()));

async function fake(): Promise<FakeController> {
  const controller = await startFakeController();
  cleanups.push(() => controller.close());
  return controller;
}

interface Applied {
  readonly offset: number;
  readonly kind: string;
  readonly withDelta: boolean;
  readonly topics: string[];
}

function follow(
  addresses: string[],
  stallTimeoutMs?: number,
): { follower: MetadataFollower; applied: Applied[] } {
  const quorum = new ControllerQuorumClient({ addresses, logger });
  const applied: Applied[] = [];
  const follower = new MetadataFollower({
    nodeId: 101,
    brokerEpoch: () => 9,
    quorum,
    logger,
    backoffInitialMs: 10,
    backoffMaxMs: 20,
    ...(stallTimeoutMs === undefined ? {} : { stallTimeoutMs }),
    onApply: (image, delta, info) =>
      applied.push({
        offset: image.offset,
        kind: info.kind,
        withDelta: delta !== undefined,
        topics: [...image.topicIdsByName.keys()].sort(),
      }),
  });
  cleanups.push(() => quorum.close());
  cleanups.push(() => follower.close());
  follower.start();
  return { follower, applied };
}

const fetchOffsets = (controller: FakeController) =>
  controller.calls.filter((call) => call.method === "fetchMetadata").map((call) => call.request.fetchOffset);

describe("MetadataFollower", () => {
  it("loads a chunked snapshot, then applies each delta in order", async () => {
    const controller = await fake();
    controller.stream(async (request, call) => {
      expect(request).toMatchObject({ nodeId: 101, brokerEpoch: 9, fetchOffset: -1 });
      await sendSnapshot(call, 3);
      sendDeltas(call, 4, 6);
      await untilCancelled(call);
    });
    const { follower, applied } = follow([controller.address]);
    await follower.whenApplied(6, 10_000);
    expect(applied).toEqual([
      { offset: 3, kind: "snapshot", withDelta: false, topics: ["a"] },
      { offset: 4, kind: "delta", withDelta: true, topics: ["a", "b"] },
      { offset: 5, kind: "delta", withDelta: true, topics: ["a", "b", "c"] },
      { offset: 6, kind: "delta", withDelta: true, topics: ["a", "b", "c", "d"] },
    ]);
    expect(follower.caughtUp).toBe(true);
    expect(follower.appliedOffset).toBe(6);
  });

  it("applies the whole log from offset 1 when the controller has no snapshot", async () => {
    const controller = await fake();
    controller.stream(async (_request, call) => {
      sendDeltas(call, 1, 6);
      await untilCancelled(call);
    });
    const { follower, applied } = follow([controller.address]);
    await follower.whenApplied(6, 10_000);
    expect(applied.map((entry) => entry.offset)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("resumes after a broken stream on another controller from the next offset, skipping repeats", async () => {
    const first = await fake();
    const second = await fake();
    first.stream(async (_request, call) => {
      await sendSnapshot(call, 3);
      sendDeltas(call, 4, 4);
      // The controller dies mid-stream.
      throw new RillError("NETWORK_EXCEPTION", "controller went away");
    });
    second.stream(async (request, call) => {
      // Resends 4 (as a controller resuming from an older offset might); the follower skips it.
      sendDeltas(call, Math.min(request.fetchOffset, 4), 6);
      await untilCancelled(call);
    });
    const { follower, applied } = follow([first.address, second.address]);
    await follower.whenApplied(6, 10_000);
    expect(applied.map((entry) => `${entry.kind}@${entry.offset}`)).toEqual([
      "snapshot@3",
      "delta@4",
      "delta@5",
      "delta@6",
    ]);
    expect(fetchOffsets(second)[0]).toBe(5);
  });

  it("leaves a controller whose stream falls silent (paused) and follows another", async () => {
    const paused = await fake();
    const second = await fake();
    paused.stream(async (_request, call) => {
      await sendSnapshot(call, 3);
      // Then nothing at all, not even keep-alives: a SIGSTOPped controller holds its socket open.
      await untilCancelled(call);
    });
    second.stream(async (request, call) => {
      sendDeltas(call, request.fetchOffset, 6);
      await untilCancelled(call);
    });
    const { follower, applied } = follow([paused.address, second.address], 300);
    await follower.whenApplied(6, 10_000);
    expect(applied.map((entry) => `${entry.kind}@${entry.offset}`)).toEqual([
      "snapshot@3",
      "delta@4",
      "delta@5",
      "delta@6",
    ]);
    expect(fetchOffsets(second)[0]).toBe(4);
  });

  it("on word that the log moved on, leaves a stream that stays silent but keeps one that talks", async () => {
    const stuck = await fake();
    const second = await fake();
    let keepAlives: NodeJS.Timeout | undefined;
    let keepAlivesSent = 0;
    let stuckCall: { write(message: { highWatermark: number }): unknown } | undefined;
    cleanups.push(() => clearInterval(keepAlives));
    stuck.stream(async (_request, call) => {
      stuckCall = call;
      await sendSnapshot(call, 3);
      // Keep-alives at first, then silence: a link cut, its TCP connection still open.
      keepAlives = setInterval(() => {
        keepAlivesSent += 1;
        call.write({ highWatermark: 3 });
      }, 50);
      await untilCancelled(call);
    });
    second.stream(async (request, call) => {
      sendDeltas(call, request.fetchOffset, 6);
      await untilCancelled(call);
    });
    // A stall timeout far beyond the test's own: only the word that the log moved on can help.
    const { follower } = follow([stuck.address, second.address], 600_000);
    await follower.whenApplied(3, 10_000);
    // A stream that talks is kept, also when looked at again.
    expect(follower.reconnectIfSilent(300)).toBe(false);
    const sentBefore = keepAlivesSent;
    await waitFor(() => (keepAlivesSent > sentBefore + 20 ? true : undefined), {
      timeoutMs: 10_000,
      message: "keep-alives for longer than the quiet period",
    });
    expect(fetchOffsets(second)).toEqual([]);
    // Silent from now on: not yet quiet long enough, so looked at again, then left. One last
    // keep-alive, already on the wire when the link was cut, arrives after the word: it must not
    // end the watch (a CI run under load hit exactly that, and the stream was never left).
    clearInterval(keepAlives);
    expect(follower.reconnectIfSilent(300)).toBe(false);
    stuckCall?.write({ highWatermark: 3 });
    await follower.whenApplied(6, 10_000);
    expect(fetchOffsets(second)[0]).toBe(4);
  });

  it("replaces its image when a newer snapshot arrives", async () => {
    const controller = await fake();
    controller.stream(async (_request, call) => {
      await sendSnapshot(call, 3);
      sendDeltas(call, 4, 4);
      await sendSnapshot(call, 6, 25);
      await untilCancelled(call);
    });
    const { follower, applied } = follow([controller.address]);
    await follower.whenApplied(6, 10_000);
    expect(applied.at(-1)).toEqual({
      offset: 6,
      kind: "snapshot",
      withDelta: false,
      topics: ["a", "b", "c", "d"],
    });
    expect(follower.image.topicByName("d")).toBeDefined();
  });

  it("drops a stream that sends a bad entry and rebuilds from scratch without going back in time", async () => {
    const controller = await fake();
    let connection = 0;
    controller.stream(async (request, call) => {
      connection += 1;
      if (connection === 1) {
        await sendSnapshot(call, 3);
        sendDeltas(call, 4, 4);
        call.write({
          deltas: { records: [{ offset: 5, epoch: 1, record: Buffer.from([0xff, 0xff, 0x01]) }] },
        });
      } else {
        expect(request.fetchOffset).toBe(-1);
        // An older snapshot than what the broker acts on, then the entries after it.
        await sendSnapshot(call, 2);
        sendDeltas(call, 3, 6);
      }
      await untilCancelled(call);
    });
    const { follower, applied } = follow([controller.address]);
    await follower.whenApplied(6, 10_000);
    expect(applied.map((entry) => `${entry.kind}@${entry.offset}`)).toEqual([
      "snapshot@3",
      "delta@4",
      // The rebuilt state is published once it reaches offset 4, as a reload.
      "snapshot@4",
      "delta@5",
      "delta@6",
    ]);
    for (let index = 1; index < applied.length; index += 1) {
      expect(applied[index]!.offset).toBeGreaterThanOrEqual(applied[index - 1]!.offset);
    }
    expect(follower.stats.resets).toBe(1);
  });

  it("refuses a snapshot chunk out of position and reloads", async () => {
    const controller = await fake();
    let connection = 0;
    controller.stream(async (_request, call) => {
      connection += 1;
      if (connection === 1) {
        call.write({
          snapshotChunk: { snapshotEndOffset: 3, position: 10, data: Buffer.from([1, 2]), lastChunk: true },
        });
      } else {
        await sendSnapshot(call, 3);
      }
      await untilCancelled(call);
    });
    const { follower, applied } = follow([controller.address]);
    await follower.whenApplied(3, 10_000);
    expect(applied.map((entry) => entry.offset)).toEqual([3]);
    await waitFor(() => connection === 2, { timeoutMs: 10_000, message: "the second connection" });
  });

  it("cancels its stream when closed and does not reconnect", async () => {
    const controller = await fake();
    let cancelled = false;
    controller.stream(async (_request, call) => {
      await sendSnapshot(call, 1);
      await untilCancelled(call);
      cancelled = true;
    });
    const { follower } = follow([controller.address]);
    await follower.whenApplied(1, 10_000);
    await follower.close();
    await waitFor(() => cancelled, { timeoutMs: 10_000, message: "the server sees the stream cancelled" });
    expect(fetchOffsets(controller)).toEqual([-1]);
  });
});
