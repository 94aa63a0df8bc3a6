/**
 * FetchMetadata: snapshot then deltas (decoded with @rill/metadata's decoders into the same image
 * the controller holds), resuming from an offset, a snapshot again for a subscriber behind the
 * log start, invalid requests, and the backpressure bound (a reader that stops reading holds the
 * server back instead of making it read the whole log).
 */

import type { ClientReadableStream } from "@grpc/grpc-js";
import {
  decodeMetadataRecordBatch,
  decodeMetadataSnapshot,
  describeImage,
  encodeMetadataRecordBatch,
  type MetadataImage,
} from "@rill/metadata";
import {
  bindRillServer,
  type ControllerV1,
  callUnary,
  controllerServiceDefinition,
  createControllerClient,
  createRillServer,
  fromGrpcError,
  serverStreamHandler,
  shutdownRillServer,
} from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  type MetadataStreamHooks,
  type MetadataStreamSource,
  type StreamLogEntry,
  serveMetadataStream,
} from "../src/metadata-stream.js";
import {
  CLUSTER_ID,
  type InMemoryController,
  settle,
  startInMemoryControllers,
} from "./support/in-memory-controllers.js";

const options = { timeoutMs: 5_000 };
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stream's messages as they arrive, and how it ended. */
function follow(stream: ClientReadableStream<ControllerV1.FetchMetadataResponse__Output>) {
  const messages: ControllerV1.FetchMetadataResponse__Output[] = [];
  const state: { error: unknown } = { error: undefined };
  stream.on("data", (message: ControllerV1.FetchMetadataResponse__Output) => messages.push(message));
  stream.on("error", (error) => {
    state.error = error;
  });
  cleanups.push(() => stream.cancel());
  return { messages, state };
}

/** Serves FetchMetadata from `source` on a server of its own; a client to it (closed after the test). */
async function serveSource(source: MetadataStreamSource, hooks: MetadataStreamHooks = {}) {
  const stop = new AbortController();
  const server = createRillServer();
  server.addService(controllerServiceDefinition(), {
    FetchMetadata: serverStreamHandler<
      ControllerV1.FetchMetadataRequest__Output,
      ControllerV1.FetchMetadataResponse
    >((call) => serveMetadataStream(call, source, stop.signal, hooks)),
  });
  const port = await bindRillServer(server, "127.0.0.1:0");
  const client = createControllerClient(`127.0.0.1:${port}`);
  cleanups.push(async () => {
    stop.abort();
    client.close();
    await shutdownRillServer(server, 200);
  });
  return client;
}

/** Builds an image from stream messages the way a broker does. */
function replay(messages: readonly ControllerV1.FetchMetadataResponse__Output[]): MetadataImage | undefined {
  let image: MetadataImage | undefined;
  let chunks: Buffer[] = [];
  for (const message of messages) {
    const chunk = message.snapshotChunk;
    if (chunk) {
      expect(chunk.position).toBe(chunks.reduce((total, part) => total + part.length, 0));
      chunks.push(chunk.data);
      if (chunk.lastChunk) {
        image = decodeMetadataSnapshot(Buffer.concat(chunks), chunk.snapshotEndOffset);
        chunks = [];
      }
      continue;
    }
    for (const record of message.deltas?.records ?? []) {
      if (image === undefined) throw new Error("deltas before any snapshot");
      expect(record.offset).toBe(image.offset + 1);
      image = image.apply(decodeMetadataRecordBatch(record.record), record.offset);
    }
  }
  return image;
}

async function populatedCluster(compaction?: { logStart: number }) {
  const cluster = await startInMemoryControllers({
    count: 2,
    ...(compaction === undefined ? {} : { compaction }),
  });
  cleanups.push(() => cluster.close());
  cluster.log.elect(1);
  await settle();
  const [leader, follower] = cluster.controllers as [InMemoryController, InMemoryController];
  const { brokerEpoch } = await callUnary(
    leader.client,
    "registerBroker",
    {
      nodeId: 101,
      incarnationId: "i",
      clusterId: CLUSTER_ID,
      endpoints: [{ listenerName: "CLIENT", host: "127.0.0.1", port: 9101 }],
      previousBrokerEpoch: -1,
    },
    options,
  );
  await callUnary(
    leader.client,
    "brokerHeartbeat",
    { nodeId: 101, brokerEpoch, currentMetadataOffset: cluster.log.commitIndex },
    options,
  );
  for (let topic = 0; topic < 10; topic++) {
    await callUnary(
      leader.client,
      "createTopics",
      { topics: [{ name: `topic-${topic}`, numPartitions: 4, replicationFactor: 1 }] },
      options,
    );
  }
  return { cluster, leader, follower };
}

describe("FetchMetadata", () => {
  it("sends a snapshot in chunks, then committed deltas as they commit", async () => {
    const { cluster, leader, follower } = await populatedCluster();
    const { messages } = follow(
      follower.client.fetchMetadata({ nodeId: -1, brokerEpoch: -1, fetchOffset: -1, maxBytes: 1024 }),
    );
    await waitFor(() => replay(messages)?.offset === cluster.log.commitIndex, {
      timeoutMs: 10_000,
      message: "the snapshot",
    });
    const chunks = messages.filter((message) => message.snapshotChunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(messages[0]?.payload).toBe("snapshotChunk");
    expect(describeImage(replay(messages) as MetadataImage)).toEqual(describeImage(leader.quorum.image));

    await callUnary(
      leader.client,
      "createTopics",
      { topics: [{ name: "late", numPartitions: 2, replicationFactor: 1 }] },
      options,
    );
    await waitFor(() => replay(messages)?.offset === cluster.log.commitIndex, {
      timeoutMs: 10_000,
      message: "the new topic's deltas",
    });
    const image = replay(messages) as MetadataImage;
    expect(image.topicByName("late")?.partitions.size).toBe(2);
    expect(describeImage(image)).toEqual(describeImage(leader.quorum.image));
    expect(messages.at(-1)?.highWatermark).toBe(cluster.log.commitIndex);
  });

  it("resumes from an offset with deltas only", async () => {
    const { cluster, follower } = await populatedCluster();
    const from = 5;
    const { messages } = follow(
      follower.client.fetchMetadata({ nodeId: 101, brokerEpoch: 1, fetchOffset: from, maxBytes: 0 }),
    );
    const offsets = (): number[] =>
      messages.flatMap((message) => message.deltas?.records.map((record) => record.offset) ?? []);
    await waitFor(() => offsets().at(-1) === cluster.log.commitIndex, {
      timeoutMs: 10_000,
      message: "the deltas up to the commit index",
    });
    // Keep-alives (only a high watermark) may come between them when the stream idles.
    expect(messages.every((message) => message.payload === "deltas" || message.payload === undefined)).toBe(
      true,
    );
    expect(offsets()).toEqual(
      Array.from({ length: cluster.log.commitIndex - from + 1 }, (_, position) => from + position),
    );
    // The noop entry a new leader appends travels as an empty batch.
    expect(
      messages
        .flatMap((message) => message.deltas?.records ?? [])
        .every((record) => Array.isArray(decodeMetadataRecordBatch(record.record))),
    ).toBe(true);
  });

  it("sends keep-alives (the high watermark alone) while nothing new commits", async () => {
    const { cluster, follower } = await populatedCluster();
    const { messages } = follow(
      follower.client.fetchMetadata({
        nodeId: 101,
        brokerEpoch: 1,
        fetchOffset: cluster.log.commitIndex + 1,
        maxBytes: 0,
      }),
    );
    await waitFor(() => messages.length >= 2, {
      timeoutMs: 10_000,
      message: "two keep-alives on an idle stream",
    });
    expect(messages.slice(0, 2).map((message) => [message.payload, message.highWatermark])).toEqual([
      [undefined, cluster.log.commitIndex],
      [undefined, cluster.log.commitIndex],
    ]);
  });

  it("sends a snapshot again to a subscriber behind the log start", async () => {
    const compaction = { logStart: 1 };
    const { cluster, leader } = await populatedCluster(compaction);
    compaction.logStart = cluster.log.commitIndex - 2;
    const { messages } = follow(
      leader.client.fetchMetadata({ nodeId: 101, brokerEpoch: 1, fetchOffset: 3, maxBytes: 0 }),
    );
    await waitFor(() => replay(messages)?.offset === cluster.log.commitIndex, {
      timeoutMs: 10_000,
      message: "the snapshot",
    });
    expect(messages[0]?.payload).toBe("snapshotChunk");
    expect(messages[0]?.snapshotChunk?.snapshotEndOffset).toBe(cluster.log.commitIndex);
    expect(describeImage(replay(messages) as MetadataImage)).toEqual(describeImage(leader.quorum.image));
  });

  it("refuses a bad fetch offset with INVALID_REQUEST", async () => {
    const { follower } = await populatedCluster();
    const { state } = follow(
      follower.client.fetchMetadata({ nodeId: -1, brokerEpoch: -1, fetchOffset: -7, maxBytes: 0 }),
    );
    await waitFor(() => state.error !== undefined, { timeoutMs: 10_000, message: "the stream's error" });
    expect(fromGrpcError(state.error).errorName).toBe("INVALID_REQUEST");
  });

  it("holds back while the reader does not read, then delivers everything in order", async () => {
    const entryCount = 2_000;
    const payload = encodeMetadataRecordBatch([
      {
        type: "Config",
        resource: { type: "cluster", name: "" },
        key: "padding",
        value: "x".repeat(32 * 1024),
      },
    ]);
    let highestRead = 0;
    let backpressured = 0;
    const source: MetadataStreamSource = {
      highWatermark: () => entryCount,
      appliedIndex: () => entryCount,
      firstIndex: () => 1,
      entries: (low, high, bytesMax) => {
        const result: StreamLogEntry[] = [];
        for (
          let index = low;
          index < high && (result.length + 1) * payload.byteLength <= Math.max(bytesMax, payload.byteLength);
          index++
        ) {
          result.push({ index, term: 1, type: "normal", data: payload });
        }
        highestRead = Math.max(highestRead, result.at(-1)?.index ?? 0);
        return result;
      },
      snapshot: () => ({ index: 0, term: 0, data: new Uint8Array() }),
      waitForChange: (timeoutMs) => new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 10))),
      notServingReason: () => undefined,
    };
    const client = await serveSource(source, { onBackpressure: () => backpressured++ });
    const stream = client.fetchMetadata({ nodeId: -1, brokerEpoch: -1, fetchOffset: 1, maxBytes: 0 });
    // The stream ends with SERVER_NOT_READY when the test stops the server: expected.
    stream.on("error", () => {});
    cleanups.push(() => stream.cancel());
    const received: number[] = [];
    stream.on("data", (message: ControllerV1.FetchMetadataResponse__Output) => {
      for (const record of message.deltas?.records ?? []) received.push(record.offset);
    });
    stream.pause();
    await waitFor(() => backpressured > 0, { timeoutMs: 10_000, message: "the server to wait for drain" });
    const readWhenBlocked = highestRead;
    // About 64 MiB of entries in all: the server read only what fits in the windows and buffers.
    expect(readWhenBlocked).toBeLessThan(entryCount / 2);
    stream.resume();
    await waitFor(() => received.length === entryCount, { timeoutMs: 30_000, message: "every entry" });
    expect(received).toEqual(Array.from({ length: entryCount }, (_, position) => position + 1));
  });

  it("ends its streams and refuses new ones once this controller is no member of the quorum", async () => {
    const payload = encodeMetadataRecordBatch([
      { type: "Config", resource: { type: "cluster", name: "" }, key: "k", value: "v" },
    ]);
    let reason: string | undefined;
    const source: MetadataStreamSource = {
      highWatermark: () => 3,
      appliedIndex: () => 3,
      firstIndex: () => 1,
      entries: (low, high) =>
        Array.from({ length: high - low }, (_, position) => ({
          index: low + position,
          term: 1,
          type: "normal" as const,
          data: payload,
        })),
      snapshot: () => ({ index: 0, term: 0, data: new Uint8Array() }),
      waitForChange: (timeoutMs) => new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 10))),
      notServingReason: () => reason,
    };
    const client = await serveSource(source);
    const request = { nodeId: -1, brokerEpoch: -1, fetchOffset: 1, maxBytes: 0 };
    const served = follow(client.fetchMetadata(request));
    await waitFor(() => served.messages.some((message) => message.deltas?.records.at(-1)?.offset === 3), {
      ...options,
      message: "the entries a member serves",
    });

    reason = "controller 3 is not a member of the metadata quorum";
    await waitFor(() => served.state.error !== undefined, { ...options, message: "the stream to end" });
    const ended = fromGrpcError(served.state.error);
    expect(ended.errorName).toBe("SERVER_NOT_READY");
    expect(ended.message).toContain("not a member of the metadata quorum");

    const refused = follow(client.fetchMetadata(request));
    await waitFor(() => refused.state.error !== undefined, {
      ...options,
      message: "a new stream to be refused",
    });
    expect(refused.messages).toEqual([]);
    expect(fromGrpcError(refused.state.error).errorName).toBe("SERVER_NOT_READY");
  });
});
