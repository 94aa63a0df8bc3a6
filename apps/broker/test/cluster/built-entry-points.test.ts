/**
 * The built process entry points (apps/controller/dist/main.js and apps/broker/dist/main.js, each
 * one esbuild bundle since issue 14, see scripts/bundle-entry.mjs) start and serve as real
 * processes: a controller and two brokers run from the build, a replicated topic takes records
 * acks=all, a broker comes back after kill -9, and every record reads back in order. What a
 * bundle can break and this crosses: files read at run time next to a package's code (the
 * health service's proto, the zstd wasm), the metadata record codec, native modules resolved
 * from the bundle, module evaluation order. Needs the build (`pnpm build`).
 */
import { Rill } from "@rill/client";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_BROKER_ID, LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";

const TOPIC = "built-entry-points";
const RECORDS = 40;
const WAIT_MS = 60_000;

describe("the built controller and broker entry points (real processes)", () => {
  let cluster: LocalCluster;
  let rill: Rill;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ controllers: 1, brokers: 2, runFrom: "dist" });
    rill = new Rill({ brokers: cluster.bootstrap.split(",") });
  }, 180_000);

  afterAll(async () => {
    await rill?.disconnect();
    await cluster?.close();
  });

  it("serve produce and fetch, also after a broker's kill -9 and restart", { timeout: 180_000 }, async () => {
    await cluster.createTopic(TOPIC, { partitions: 1, replicationFactor: 2 });
    await cluster.waitForLeaders(TOPIC, 1);
    const producer = rill.producer({ acks: "all", compression: "zstd" });
    const values = Array.from({ length: RECORDS }, (_, index) => `record ${index} `.repeat(20));
    await producer.send({ topic: TOPIC, messages: values.slice(0, RECORDS / 2).map((value) => ({ value })) });

    await cluster.restart(FIRST_BROKER_ID);
    await cluster.waitForBrokersUnfenced([FIRST_BROKER_ID], WAIT_MS);
    await producer.send({ topic: TOPIC, messages: values.slice(RECORDS / 2).map((value) => ({ value })) });
    await producer.disconnect();

    const consumer = rill.consumer({ autoOffsetReset: "none" });
    await consumer.connect();
    await consumer.assign([{ topic: TOPIC, partition: 0, offset: "earliest" }]);
    const decoder = new TextDecoder();
    const read: string[] = [];
    const running = consumer.run({
      eachBatch: ({ messages }) => {
        for (const message of messages) read.push(decoder.decode(message.value ?? new Uint8Array()));
      },
    });
    try {
      await waitFor(() => read.length >= RECORDS, {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "every record read back",
      });
    } finally {
      consumer.stop();
      await running;
      await consumer.disconnect();
    }
    expect(read).toEqual(values);
  });
});
