import { callUnary, decodeRecordBatch, partitionForKey, RillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool } from "../src/connection/connection-pool.js";
import { recordSizeBytes } from "../src/producer/accumulator.js";
import { BufferMemory } from "../src/producer/buffer-memory.js";
import { Producer } from "../src/producer/producer.js";
import type { RecordOutcome } from "../src/producer/producer-batch.js";
import { Rill } from "../src/rill.js";
import { FakeCluster } from "../src/testing/fake-cluster.js";

const text = new TextEncoder();
const fastRetry = { initialMs: 2, maxMs: 10 } as const;

let cluster: FakeCluster;
let rills: Rill[] = [];
let topicNumber = 0;

beforeAll(async () => {
  cluster = await FakeCluster.start({ brokers: [1, 2, 3] });
});
afterAll(async () => {
  await cluster.stop();
});
afterEach(async () => {
  cluster.intercept = () => undefined;
  await Promise.all(rills.map((rill) => rill.disconnect()));
  rills = [];
});

function newRill(): Rill {
  const rill = new Rill({
    brokers: cluster.bootstrap().slice(0, 1),
    retry: fastRetry,
    requestTimeoutMs: 2_000,
  });
  rills.push(rill);
  return rill;
}

function newTopic(leaders: number[]): string {
  const name = `t${topicNumber++}`;
  cluster.addTopic(name, leaders);
  return name;
}

/** The values of a fake partition's log, in offset order. */
function logValues(topic: string, partition: number): string[] {
  const state = cluster.topics.get(topic)?.partitions[partition];
  return (state?.batches ?? []).flatMap((bytes) =>
    decodeRecordBatch(bytes).records.map((record) =>
      new TextDecoder().decode(record.value ?? new Uint8Array()),
    ),
  );
}

/** The record count of every batch sent in produce calls for `topic`. */
function sentBatchSizes(topic: string): number[] {
  return cluster.callsTo("produce").flatMap((call) => {
    const request = call.request as {
      topicData: { name: string; partitionData: { records: Uint8Array }[] }[];
    };
    return request.topicData
      .filter((data) => data.name === topic)
      .flatMap((data) =>
        data.partitionData.map((partition) => decodeRecordBatch(partition.records).records.length),
      );
  });
}

describe("Producer: delivery", () => {
  it("sends keyed records where Kafka's partitioner puts them, offsets in send order", async () => {
    const topic = newTopic([1, 2, 3]);
    const producer = newRill().producer();
    const messages = Array.from({ length: 30 }, (_, index) => ({
      key: `key-${index % 7}`,
      value: `v${index}`,
    }));
    const results = await producer.send({ topic, messages });
    for (const [index, result] of results.entries()) {
      expect(result.partition).toBe(partitionForKey(text.encode(`key-${index % 7}`), 3));
      expect(result.durability).toEqual({ replicasHolding: 3, fsynced: true });
    }
    for (let partition = 0; partition < 3; partition++) {
      const mine = results.filter((result) => result.partition === partition);
      expect(mine.map((result) => result.offset)).toEqual(mine.map((_, index) => index));
      expect(logValues(topic, partition)).toEqual(
        messages
          .filter((_, index) => results[index]?.partition === partition)
          .map((message) => message.value),
      );
    }
  });

  it("puts many partitions of one leader into one request", async () => {
    const topic = newTopic([1, 1, 1, 1]);
    const producer = newRill().producer({ lingerMs: 50 });
    const before = cluster.callsTo("produce").length;
    await producer.send({
      topic,
      messages: [0, 1, 2, 3].map((partition) => ({ value: `p${partition}`, partition })),
    });
    const calls = cluster.callsTo("produce").slice(before);
    expect(calls).toHaveLength(1);
    expect(sentBatchSizes(topic)).toEqual([1, 1, 1, 1]);
  });

  it("keyless records stick to one partition per batch (KIP-480)", async () => {
    const topic = newTopic([1, 2, 3]);
    const producer = newRill().producer({ lingerMs: 1_000, batchSize: 200 });
    const results = await producer.send({
      topic,
      messages: Array.from({ length: 12 }, (_, i) => ({ value: `x${i}` })),
    });
    // One partition fills a batch (about 6 records of ~24 bytes fit in 200), then the next one.
    const partitions = results.map((result) => result.partition);
    const switches = partitions.filter(
      (partition, index) => index > 0 && partition !== partitions[index - 1],
    ).length;
    expect(switches).toBeLessThanOrEqual(2);
    expect(sentBatchSizes(topic).every((size) => size > 1)).toBe(true);
  });

  it("with linger.ms 0, keyless records sent one at a time stay on one partition until batch.size bytes went there (KIP-794)", async () => {
    const topic = newTopic([1, 2, 3]);
    const producer = newRill().producer({ lingerMs: 0, batchSize: 200 });
    // Each send is a batch of its own, closed as it is sent: about 24 bytes a record, so the
    // first five (120 bytes) all stay where the first went.
    const partitions: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const [result] = await producer.send({ topic, messages: [{ value: `x${index}` }] });
      partitions.push(result?.partition ?? -1);
    }
    expect(new Set(partitions).size).toBe(1);
    expect(sentBatchSizes(topic)).toEqual([1, 1, 1, 1, 1]);
  });

  it("round-robin and a user partitioner", async () => {
    const topic = newTopic([1, 2, 3]);
    const rill = newRill();
    const roundRobin = await rill.producer({ partitioner: "round-robin" }).send({
      topic,
      messages: Array.from({ length: 6 }, (_, i) => ({ key: "same", value: `${i}` })),
    });
    expect(roundRobin.map((result) => result.partition)).toEqual([0, 1, 2, 0, 1, 2]);
    const custom = await rill
      .producer({ partitioner: ({ partitionCount }) => partitionCount - 1 })
      .send({ topic, messages: [{ value: "a" }, { value: "b" }] });
    expect(custom.map((result) => result.partition)).toEqual([2, 2]);
  });

  it("waits linger.ms for more records; flush sends at once", async () => {
    const topic = newTopic([1]);
    const producer = newRill().producer({ lingerMs: 3_600_000 });
    // Warm up (producer id, metadata), so the sends below only wait for linger.
    const warmUp = producer.send({ topic, messages: [{ value: "warm-up" }] });
    await producer.flush();
    await warmUp;
    const sending = producer.send({ topic, messages: [{ value: "a" }, { value: "b" }] });
    const sending2 = producer.send({ topic, messages: [{ value: "c" }] });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sentBatchSizes(topic)).toEqual([1]);
    await producer.flush();
    await Promise.all([sending, sending2]);
    expect(sentBatchSizes(topic)).toEqual([1, 3]);
  });

  it("with linger.ms 0, records sent while their partition's request is in flight go out as one batch once it is answered", async () => {
    const topic = newTopic([1]);
    const producer = newRill().producer({ lingerMs: 0 });
    await producer.send({ topic, messages: [{ value: "warm-up" }] }); // producer id, metadata
    let release: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    cluster.intercept = (call) => {
      if (call.method !== "produce" || held) return undefined;
      held = true;
      return { kind: "answer-later", until };
    };
    const first = producer.send({ topic, messages: [{ value: "a" }] });
    await waitFor(() => held, { timeoutMs: 10_000, intervalMs: 0, message: "the first request in flight" });
    const later: Promise<unknown>[] = [];
    for (const value of ["b", "c", "d"]) {
      later.push(producer.send({ topic, messages: [{ value }] }));
      // The sender's passes run before the next record comes (each would have sent a batch).
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sentBatchSizes(topic)).toEqual([1, 1]);
    release();
    await Promise.all([first, ...later]);
    expect(sentBatchSizes(topic)).toEqual([1, 1, 3]);
    expect(logValues(topic, 0)).toEqual(["warm-up", "a", "b", "c", "d"]);
  });

  it("compresses with every codec", async () => {
    const topic = newTopic([1]);
    const producer = newRill().producer();
    for (const compression of ["none", "gzip", "snappy", "lz4", "zstd"] as const) {
      await producer.send({ topic, compression, messages: [{ value: `v-${compression}`.repeat(20) }] });
    }
    expect(logValues(topic, 0)).toEqual(
      ["none", "gzip", "snappy", "lz4", "zstd"].map((codec) => `v-${codec}`.repeat(20)),
    );
  });
});

describe("Producer: property tests against the fake cluster", () => {
  it("batches never exceed batch.size (but for a single larger record)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 64, max: 4_096 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 60 }),
        async (batchSize, sizes) => {
          const topic = newTopic([1]);
          const rill = newRill();
          const producer = rill.producer({ batchSize, lingerMs: 20 });
          await producer.send({ topic, messages: sizes.map((size) => ({ value: new Uint8Array(size) })) });
          const batches = cluster.topics.get(topic)?.partitions[0]?.batches ?? [];
          for (const bytes of batches) {
            const records = decodeRecordBatch(bytes).records;
            const estimated = records.reduce(
              (sum, record) => sum + recordSizeBytes({ key: record.key, value: record.value }),
              0,
            );
            if (records.length > 1) expect(estimated).toBeLessThanOrEqual(batchSize);
          }
          expect(batches.reduce((sum, bytes) => sum + decodeRecordBatch(bytes).records.length, 0)).toBe(
            sizes.length,
          );
          await rill.disconnect();
        },
      ),
      { numRuns: 15 },
    );
  });

  it("keeps order per partition, exactly once, with 5 in flight, failures and lost answers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("ok", "ok", "ok", "not-leader", "lose-answer", "unavailable"), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 5 }),
        async (script, maxInFlight) => {
          const topic = newTopic([1, 2]);
          let call = 0;
          cluster.intercept = (fakeCall) => {
            if (fakeCall.method !== "produce") return undefined;
            // The script scripts the first calls; after it the cluster behaves, so all must get through.
            const step = script[call++] ?? "ok";
            if (step === "not-leader") return { kind: "error", error: notLeader() };
            if (step === "lose-answer") return { kind: "lose-answer" };
            if (step === "unavailable") return { kind: "error", error: leaderNotAvailable() };
            return undefined;
          };
          const rill = new Rill({
            brokers: cluster.bootstrap().slice(0, 1),
            retry: fastRetry,
            requestTimeoutMs: 300,
          });
          rills.push(rill);
          const producer = rill.producer({
            maxInFlightRequestsPerConnection: maxInFlight,
            lingerMs: 1,
            batchSize: 64,
          });
          const sends = Array.from({ length: 40 }, (_, index) =>
            producer.sendSettled({ topic, messages: [{ key: `k${index % 2}`, value: String(index) }] }),
          );
          const outcomes = (await Promise.all(sends)).flat();
          cluster.intercept = () => undefined;
          expect(outcomes.filter((outcome) => outcome.status !== "delivered")).toEqual([]);
          for (const partition of [0, 1]) {
            const expected = outcomes
              .map((outcome, index) => ({ outcome, index }))
              .filter(({ outcome }) => delivered(outcome).partition === partition)
              .map(({ index }) => String(index));
            expect(logValues(topic, partition)).toEqual(expected);
            // Idempotent sequences across retries: contiguous within each epoch, from 0.
            let expectedSequence = 0;
            let epoch = -1;
            for (const bytes of cluster.topics.get(topic)?.partitions[partition]?.batches ?? []) {
              const batch = decodeRecordBatch(bytes);
              if (batch.producerEpoch !== epoch) {
                epoch = batch.producerEpoch;
                expectedSequence = 0;
              }
              expect(batch.baseSequence).toBe(expectedSequence);
              expectedSequence += batch.records.length;
            }
          }
          await rill.disconnect();
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("Producer: buffer.memory (property)", () => {
  it("grants reservations in order, never beyond the total; those that do not fit fail after max.block.ms", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_024, max: 8_192 }),
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 20 }),
        async (totalBytes, sizes) => {
          const buffer = new BufferMemory(totalBytes);
          const outcomes = await Promise.allSettled(sizes.map((size) => buffer.reserve(size, 5)));
          // Nothing is released meanwhile. Waiters are served in order: one that does not fit
          // holds the ones behind it until it gives up after max.block.ms, then the next that fits
          // is granted; a request above the total fails at once. So, in order: granted while it fits.
          let used = 0;
          for (const [index, size] of sizes.entries()) {
            const outcome = outcomes[index];
            if (size > totalBytes) {
              expect(outcome).toMatchObject({
                status: "rejected",
                reason: { errorName: "MESSAGE_TOO_LARGE" },
              });
            } else if (used + size <= totalBytes) {
              expect(outcome?.status).toBe("fulfilled");
              used += size;
            } else {
              expect(outcome).toMatchObject({
                status: "rejected",
                reason: {
                  errorName: "REQUEST_TIMED_OUT",
                  details: { bufferExhausted: true, indeterminate: false },
                },
              });
            }
          }
          expect(buffer.usedBytes).toBe(used);
          expect(buffer.usedBytes).toBeLessThanOrEqual(totalBytes);
          buffer.release(used);
          expect(buffer.usedBytes).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("Producer: bad input is a typed error, nothing else lost", () => {
  it("refuses a record over max.request.size, and sends nothing of that call", async () => {
    const topic = newTopic([1]);
    const producer = newRill().producer({ maxRequestSize: 10_000 });
    await expect(
      producer.send({ topic, messages: [{ value: "fine" }, { value: new Uint8Array(20_000) }] }),
    ).rejects.toMatchObject({ errorName: "MESSAGE_TOO_LARGE" });
    await producer.send({ topic, messages: [{ value: "after" }] });
    expect(logValues(topic, 0)).toEqual(["after"]);
  });

  it("fails an unknown topic at once", async () => {
    const producer = newRill().producer();
    const before = cluster.callsTo("metadata").length;
    await expect(producer.send({ topic: "no-such-topic", messages: [{ value: "x" }] })).rejects.toMatchObject(
      {
        errorName: "UNKNOWN_TOPIC_OR_PARTITION",
      },
    );
    // One refresh (a few nodes asked at most), not 30 s of retries.
    expect(cluster.callsTo("metadata").length - before).toBeLessThanOrEqual(4);
  });

  it("refuses a bad compression name and bad acks", async () => {
    const topic = newTopic([1]);
    const rill = newRill();
    expect(() => rill.producer({ compression: "brotli" as never })).toThrow(
      expect.objectContaining({ errorName: "UNSUPPORTED_COMPRESSION_TYPE" }),
    );
    const producer = rill.producer();
    await expect(
      producer.send({ topic, compression: "zip" as never, messages: [{ value: "x" }] }),
    ).rejects.toMatchObject({ errorName: "UNSUPPORTED_COMPRESSION_TYPE" });
    await expect(producer.send({ topic, acks: 1, messages: [{ value: "x" }] })).rejects.toMatchObject({
      errorName: "INVALID_CONFIG",
    });
    await producer.send({ topic, messages: [{ value: "kept" }] });
    expect(logValues(topic, 0)).toEqual(["kept"]);
  });

  it("a full buffer fails the send after max.block.ms; what was accepted is delivered", async () => {
    const topic = newTopic([1]);
    let hold = true;
    // Hold the records in the buffer by failing retriably until released.
    cluster.intercept = (call) =>
      call.method === "produce" && hold ? { kind: "error", error: leaderNotAvailable() } : undefined;
    const rill = newRill();
    // The topic's metadata is cached first: max.block.ms (50 ms) also bounds a metadata lookup,
    // which a loaded machine can take longer than; the buffer's wait is what is tested here.
    await rill.data.topicMetadata(topic);
    const producer = rill.producer({ bufferMemory: 2_048, maxBlockMs: 50, lingerMs: 0 });
    const first = producer.send({ topic, messages: [{ value: new Uint8Array(1_500) }] });
    await expect(
      producer.send({ topic, messages: [{ value: new Uint8Array(1_000) }] }),
    ).rejects.toMatchObject({
      errorName: "REQUEST_TIMED_OUT",
      details: { bufferExhausted: true, indeterminate: false },
    });
    hold = false;
    await first;
    expect(logValues(topic, 0)).toHaveLength(1);
  });

  it("a disconnected producer refuses sends; disconnect delivers what it held", async () => {
    const topic = newTopic([1]);
    const producer = newRill().producer({ lingerMs: 3_600_000 });
    const pending = producer.send({ topic, messages: [{ value: "held" }] });
    await producer.disconnect();
    await expect(pending).resolves.toHaveLength(1);
    await expect(producer.send({ topic, messages: [{ value: "late" }] })).rejects.toMatchObject({
      errorName: "OPERATION_NOT_ATTEMPTED",
    });
    expect(logValues(topic, 0)).toEqual(["held"]);
  });

  it("without idempotence, a lost answer is INDETERMINATE, never failed", async () => {
    const topic = newTopic([1]);
    cluster.intercept = (call) => (call.method === "produce" ? { kind: "lose-answer" } : undefined);
    const rill = new Rill({
      brokers: cluster.bootstrap().slice(0, 1),
      retry: fastRetry,
      requestTimeoutMs: 200,
    });
    rills.push(rill);
    const outcomes = await rill
      .producer({ idempotence: false, acks: 1 })
      .sendSettled({ topic, messages: [{ value: "x" }] });
    expect(outcomes[0]?.status).toBe("indeterminate");
    expect(logValues(topic, 0)).toEqual(["x"]);
  });

  it("after an INDETERMINATE batch the producer takes a new epoch, and later records get through", async () => {
    const topic = newTopic([1]);
    let hang = true;
    cluster.intercept = (call) => (call.method === "produce" && hang ? { kind: "hang" } : undefined);
    const rill = new Rill({
      brokers: cluster.bootstrap().slice(0, 1),
      retry: fastRetry,
      requestTimeoutMs: 100,
    });
    rills.push(rill);
    const producer = rill.producer({ deliveryTimeoutMs: 400 });
    const lost = await producer.sendSettled({ topic, messages: [{ value: "maybe" }] });
    expect(lost[0]?.status).toBe("indeterminate");
    const epochBefore = producer.identity?.producerEpoch;
    hang = false;
    await producer.send({ topic, messages: [{ value: "after" }] });
    expect(producer.identity?.producerEpoch).toBe((epochBefore ?? 0) + 1);
    expect(logValues(topic, 0)).toEqual(["after"]);
  });

  it("gives up a request hung at a leader whose leadership moved, and delivers at the new leader", async () => {
    const topic = newTopic([1]);
    // Broker 1 is paused while the partition's leadership moves to broker 2.
    cluster.intercept = (call) =>
      call.method === "produce" && call.nodeId === 1 ? { kind: "hang" } : undefined;
    // A request timeout far beyond the test's own: only the leader check can end the hung request.
    const rill = new Rill({
      brokers: cluster.bootstrap().slice(1, 2),
      retry: fastRetry,
      requestTimeoutMs: 600_000,
    });
    rills.push(rill);
    const producer = rill.producer();
    const delivered = producer.send({ topic, messages: [{ value: "moved" }] });
    await waitFor(() => cluster.callsTo("produce", 1).length > 0, {
      timeoutMs: 10_000,
      message: "the produce request at the old leader",
    });
    cluster.moveLeader(topic, 0, 2);
    const [record] = await delivered;
    expect(record?.offset).toBe(0);
    expect(cluster.callsTo("produce", 2).length).toBeGreaterThan(0);
    // The idempotent retry appended once, at the new leader (the hung request appended nothing).
    expect(logValues(topic, 0)).toEqual(["moved"]);
  });

  it("does not take a deposed leader's own word that it still leads", async () => {
    const topic = newTopic([1]);
    // Broker 1 is cut off from the controllers: it never learns it was deposed, answers Metadata
    // with its old picture (itself the leader) and cannot complete acks=all any more.
    const pool = new ConnectionPool();
    const stale = await callUnary(
      pool.broker(cluster.bootstrap()[0] as string),
      "metadata",
      { topics: [topic], allTopics: false },
      { timeoutMs: 10_000 },
    ).finally(() => pool.close());
    cluster.intercept = (call) => {
      if (call.nodeId !== 1) return undefined;
      if (call.method === "metadata") return { kind: "respond", response: stale };
      return call.method === "produce" ? { kind: "hang" } : undefined;
    };
    // Bootstrap from broker 1 only and a request timeout far beyond the test's own.
    const rill = new Rill({
      brokers: cluster.bootstrap().slice(0, 1),
      retry: fastRetry,
      requestTimeoutMs: 600_000,
    });
    rills.push(rill);
    const delivered = rill.producer().send({ topic, messages: [{ value: "moved" }] });
    await waitFor(() => cluster.callsTo("produce", 1).length > 0, {
      timeoutMs: 10_000,
      message: "the produce request at the old leader",
    });
    cluster.moveLeader(topic, 0, 2);
    const [record] = await delivered;
    expect(record?.offset).toBe(0);
    expect(logValues(topic, 0)).toEqual(["moved"]);
  });

  it("never acknowledges a record added to a batch that was encoded but waited for an in-flight slot", async () => {
    // One request in flight per broker, and the first one hangs until its request timeout: the
    // next partition's batch is encoded, finds no slot, and stays pending while more records
    // arrive for that partition. They must go in a batch of their own, not unsent into that one.
    const topic = newTopic([1, 1]);
    let first = true;
    cluster.intercept = (call) => {
      if (call.method !== "produce" || !first) return undefined;
      first = false;
      return { kind: "hang" };
    };
    const rill = new Rill({
      brokers: cluster.bootstrap().slice(0, 1),
      retry: fastRetry,
      requestTimeoutMs: 300,
    });
    rills.push(rill);
    const producer = rill.producer({
      maxInFlightRequestsPerConnection: 1,
      lingerMs: 0,
      idempotence: false,
      acks: 1,
    });
    const callsBefore = cluster.callsTo("produce").length;
    const hungSend = producer.sendSettled({ topic, messages: [{ value: "p0-a", partition: 0 }] });
    const deadline = Date.now() + 10_000;
    while (cluster.callsTo("produce").length === callsBefore && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const sends = [producer.sendSettled({ topic, messages: [{ value: "p1-a", partition: 1 }] })];
    // The sender's pass over p1's batch (encoded, no slot) runs before more records come for p1.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    sends.push(
      producer.sendSettled({
        topic,
        messages: [
          { value: "p1-b", partition: 1 },
          { value: "p1-c", partition: 1 },
        ],
      }),
    );
    expect((await hungSend)[0]?.status).toBe("indeterminate");
    const outcomes = (await Promise.all(sends)).flat();
    const offsets = outcomes.map((outcome) => delivered(outcome).offset);
    expect(offsets).toEqual([0, 1, 2]);
    expect(logValues(topic, 1)).toEqual(["p1-a", "p1-b", "p1-c"]);
  });

  it("a partition that is behind gets larger batches; one refused as too large is split and delivered", async () => {
    // The first request hangs until its timeout: the partition has a batch in flight while 200
    // more records arrive. The first batch after it closes at batch.size; the ones behind that
    // grow up to backlogBatchSize. On the topic whose max.message.bytes is below that, the grown
    // batches are refused whole, split back into batch.size batches and sent again.
    for (const maxMessageBytes of [undefined, 1_000]) {
      const topic = newTopic([1]);
      const topicState = cluster.topics.get(topic);
      if (maxMessageBytes !== undefined && topicState !== undefined) {
        topicState.configs["max.message.bytes"] = String(maxMessageBytes);
      }
      let first = true;
      cluster.intercept = (call) => {
        if (call.method !== "produce" || !first) return undefined;
        first = false;
        return { kind: "hang" };
      };
      const rill = new Rill({
        brokers: cluster.bootstrap().slice(0, 1),
        retry: fastRetry,
        requestTimeoutMs: 300,
      });
      rills.push(rill);
      const producer = rill.producer({ batchSize: 200, backlogBatchSize: 2_000, lingerMs: 0 });
      const callsBefore = cluster.callsTo("produce").length;
      const sends = [producer.sendSettled({ topic, messages: [{ value: "v-0000" }] })];
      await waitFor(() => cluster.callsTo("produce").length > callsBefore, {
        timeoutMs: 10_000,
        intervalMs: 0,
        message: "a produce call after the retry",
      });
      const values = Array.from({ length: 200 }, (_, index) => `v-${String(index + 1).padStart(4, "0")}`);
      sends.push(producer.sendSettled({ topic, messages: values.map((value) => ({ value })) }));
      const outcomes = (await Promise.all(sends)).flat();
      expect(outcomes.map((outcome) => delivered(outcome).offset)).toEqual(
        values.map((_, index) => index).concat(200),
      );
      expect(logValues(topic, 0)).toEqual(["v-0000", ...values]);
      const stored = cluster.topics.get(topic)?.partitions[0]?.batches ?? [];
      const largest = Math.max(...stored.map((bytes) => bytes.length));
      if (maxMessageBytes === undefined) {
        expect(largest).toBeGreaterThan(1_000);
        expect(largest).toBeLessThanOrEqual(2_000 + 61);
      } else {
        expect(largest).toBeLessThanOrEqual(maxMessageBytes);
      }
      // Idempotent sequences stay contiguous through the split.
      let expectedSequence = 0;
      for (const bytes of stored) {
        const batch = decodeRecordBatch(bytes);
        expect(batch.baseSequence).toBe(expectedSequence);
        expectedSequence += batch.records.length;
      }
      cluster.intercept = () => undefined;
    }
  });

  it("NOT_ENOUGH_REPLICAS with every replica in sync fails at once with the fix", async () => {
    const topic = newTopic([1]);
    cluster.intercept = (call) =>
      call.method === "produce" ? { kind: "error", error: new RillError("NOT_ENOUGH_REPLICAS") } : undefined;
    const producer = newRill().producer({ deliveryTimeoutMs: 60_000 });
    const error = (await producer
      .send({ topic, messages: [{ value: "x" }] })
      .catch((caught) => caught)) as RillError;
    expect(error.errorName).toBe("NOT_ENOUGH_REPLICAS");
    expect(error.message).toMatch(/min\.insync\.replicas/);
    expect(
      cluster.callsTo("produce").filter((call) => JSON.stringify(call.request).includes(topic)).length,
    ).toBeLessThanOrEqual(2);
  });
});

function delivered(outcome: RecordOutcome): { partition: number; offset: number } {
  if (outcome.status !== "delivered") throw new Error(`not delivered: ${outcome.status}`);
  return outcome.metadata;
}

function notLeader(): RillError {
  return new RillError("NOT_LEADER_OR_FOLLOWER", "moving");
}

function leaderNotAvailable(): RillError {
  return new RillError("LEADER_NOT_AVAILABLE", "electing");
}

describe("Producer: a sender pass that throws", () => {
  it("fails the batch it was preparing with a typed error and keeps sending later records", async () => {
    const topic = newTopic([1, 2, 3]);
    const rill = newRill();
    const injected = new Error("injected: the sticky partitioner's bookkeeping threw");
    let draws = 0;
    // The sticky partitioner draws once when the first keyless record arrives (in send), then
    // again when the sender closes a batch that brings the partition to batch.size (in the
    // sender's pass): each send below is one record of 40-odd bytes, under batch.size 50, so the
    // second send's batch does. That second draw throws, the way a bug anywhere in a pass would.
    const random = (): number => {
      draws += 1;
      if (draws === 2) throw injected;
      return 0;
    };
    const producer = new Producer(
      {
        data: rill.data,
        pool: rill.pool,
        clock: rill.clock,
        instrumentation: rill.instrumentation,
        requestTimeoutMs: 2_000,
        backoff: fastRetry,
        random,
      },
      { lingerMs: 0, batchSize: 50 },
    );
    try {
      const [before] = await producer.send({ topic, messages: [{ value: "sent-before-it-threw" }] });
      expect(before?.offset).toBe(0);
      const [first] = await producer.sendSettled({ topic, messages: [{ value: "prepared-when-it-threw" }] });
      expect(first?.status).toBe("failed");
      const error = first?.status === "failed" ? first.error : undefined;
      expect(error?.errorName).toBe("OPERATION_NOT_ATTEMPTED");
      expect(error?.cause).toBe(injected);
      const later = await producer.send({ topic, messages: [{ value: "later-1" }, { value: "later-2" }] });
      expect(later.map((result) => logValues(topic, result.partition)[result.offset])).toEqual([
        "later-1",
        "later-2",
      ]);
      const values = [0, 1, 2].flatMap((partition) => logValues(topic, partition));
      expect(values.sort()).toEqual(["later-1", "later-2", "sent-before-it-threw"]);
    } finally {
      await producer.disconnect();
    }
  });
});

describe("instrumentation", () => {
  it("publishes request, response and batch events on diagnostics_channel", async () => {
    const { subscribe, unsubscribe } = await import("node:diagnostics_channel");
    const { channelNames } = await import("../src/instrumentation/channels.js");
    const seen: Record<string, unknown[]> = {};
    const listeners = Object.values(channelNames).map((name) => {
      const listener = (message: unknown) => {
        seen[name] = [...(seen[name] ?? []), message];
      };
      subscribe(name, listener);
      return () => unsubscribe(name, listener);
    });
    try {
      const topic = newTopic([1]);
      await newRill()
        .producer()
        .send({ topic, messages: [{ value: "x" }] });
      expect(seen["rill:client:request"]?.[0]).toMatchObject({
        clientId: "rill",
        api: "produce",
        partitions: 1,
      });
      expect(seen["rill:client:response"]?.[0]).toMatchObject({ clientId: "rill", errorName: null });
      expect(seen["rill:producer:batch"]?.[0]).toMatchObject({ topic, records: 1, outcome: "delivered" });
      expect(seen["rill:client:metadata"]?.[0]).toMatchObject({ topics: [topic], errorName: null });
    } finally {
      for (const stop of listeners) stop();
    }
  });
});
