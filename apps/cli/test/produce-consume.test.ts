import { FakeCluster } from "@rill/client/testing";
import { decodeRecordBatch, partitionForKey, RillError } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { runInProcess } from "./run-in-process.js";

let cluster: FakeCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start(leaders: number[]) {
  cluster = await FakeCluster.start({ brokers: [101, 102] });
  cluster.addTopic("events", leaders);
  return { cluster, bootstrap: cluster.bootstrap()[0] as string };
}

function storedValues(cluster: FakeCluster, partition: number): string[] {
  const state = cluster.topics.get("events")?.partitions[partition];
  return (state?.batches ?? []).flatMap((batch) =>
    decodeRecordBatch(batch).records.map((record) => new TextDecoder().decode(record.value ?? undefined)),
  );
}

describe("rill produce", () => {
  it("sends one record per line, keyed by murmur2, batched, and prints a summary", async () => {
    const { cluster, bootstrap } = await start([101, 102]);
    const keys = ["alpha", "beta", "gamma", "delta"];
    const lines = Array.from({ length: 40 }, (_, index) => `${keys[index % 4]}:value-${index}`);
    const result = await runInProcess(
      ["produce", "events", "--key-separator", ":", "--bootstrap", bootstrap, "--json"],
      `${lines.join("\n")}\n`,
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      topic: "events",
      records: 40,
      failedRecords: 0,
      unknownRecords: 0,
      rejectedLines: 0,
    });
    const expected = [0, 1].map((partition) =>
      lines.filter((line) => partitionForKey(new TextEncoder().encode(line.split(":")[0]), 2) === partition),
    );
    for (const partition of [0, 1]) {
      const values = expected[partition]?.map((line) => line.split(":")[1]) ?? [];
      // Every record landed on its key's partition, in stdin order, and batched (few produce calls).
      expect(storedValues(cluster, partition)).toEqual(values);
      const entry = summary.partitions.find(
        (candidate: { partition: number }) => candidate.partition === partition,
      );
      if (values.length > 0)
        expect(entry).toEqual({
          partition,
          records: values.length,
          firstOffset: 0,
          lastOffset: values.length - 1,
        });
    }
    expect(cluster.callsTo("produce").length).toBeLessThan(10);
    // Idempotent by default with acks=all: one producer id, sequences consecutive per partition.
    expect(cluster.callsTo("initProducerId")).toHaveLength(1);
    for (const partition of [0, 1]) {
      const batches = (cluster.topics.get("events")?.partitions[partition]?.batches ?? []).map((batch) =>
        decodeRecordBatch(batch),
      );
      let sequence = 0;
      for (const batch of batches) {
        expect([batch.producerId, batch.producerEpoch, batch.baseSequence]).toEqual([1000, 0, sequence]);
        sequence += batch.records.length;
      }
    }
  });

  it("sends plain (non-idempotent) batches with --no-idempotence or acks other than all", async () => {
    const { cluster, bootstrap } = await start([101, 102]);
    for (const flags of [["--no-idempotence"], ["--acks", "1"]]) {
      const result = await runInProcess(
        ["produce", "events", "--partition", "0", "--bootstrap", bootstrap, ...flags],
        "a\nb\n",
      );
      expect(result.status).toBe(0);
    }
    expect(cluster.callsTo("initProducerId")).toHaveLength(0);
    const batches = (cluster.topics.get("events")?.partitions[0]?.batches ?? []).map((batch) =>
      decodeRecordBatch(batch),
    );
    expect(batches.map((batch) => batch.producerId)).toEqual([-1, -1]);
  });

  it("works with only controller addresses in --bootstrap: the brokers are looked up first", async () => {
    cluster = await FakeCluster.start({ brokers: [101], controllers: [1] });
    cluster.addTopic("events", [101]);
    const result = await runInProcess(
      ["produce", "events", "--bootstrap", cluster.bootstrap("controller").join(",")],
      "via a controller\n",
    );
    expect(result.status, result.stderr).toBe(0);
    expect(storedValues(cluster, 0)).toEqual(["via a controller"]);
    expect(cluster.callsTo("describeCluster", 1).length).toBeGreaterThan(0);
  });

  it("honours --partition, --acks and --compression, and prints a text summary", async () => {
    const { cluster, bootstrap } = await start([101, 102]);
    const result = await runInProcess(
      [
        "produce",
        "events",
        "--partition",
        "1",
        "--acks",
        "1",
        "--compression",
        "zstd",
        "--bootstrap",
        bootstrap,
      ],
      "one\ntwo\nthree\n",
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("produced 3 record(s) to events\n  partition 1: 3 record(s), offsets 0-2\n");
    expect(storedValues(cluster, 1)).toEqual(["one", "two", "three"]);
    const request = cluster.callsTo("produce")[0]?.request as { acks: string };
    expect(request.acks).toBe("ACKS_LEADER");
    const stored = cluster.topics.get("events")?.partitions[1]?.batches[0];
    expect(stored === undefined ? undefined : decodeRecordBatch(stored).compression).toBe("zstd");
  });

  it("rejects lines without the key separator and exits 1, sending the others", async () => {
    const { cluster, bootstrap } = await start([101]);
    const result = await runInProcess(
      ["produce", "events", "--key-separator", "=", "--bootstrap", bootstrap],
      "k=v1\nnoseparator\nk=v2\n",
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("produced 2 record(s) to events, 1 line(s) rejected");
    expect(result.stdout).toContain("rejected: line 2: no key separator '='");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(storedValues(cluster, 0)).toEqual(["v1", "v2"]);
  });

  it("exits 3 when a batch's outcome is unknown", async () => {
    const { cluster, bootstrap } = await start([101]);
    cluster.intercept = (call) => (call.method === "produce" ? { kind: "hang" } : undefined);
    const result = await runInProcess(
      ["produce", "events", "--bootstrap", bootstrap, "--timeout-ms", "2000"],
      "a\n",
    );
    expect(result.status).toBe(3);
    expect(result.stdout).toContain("0 record(s) to events, 1 with unknown outcome");
    expect(result.stderr).toMatch(/^rill: outcome unknown for 1 record\(s\)/);
  });

  it("exits 1 for an unknown topic and for bad options", async () => {
    const { bootstrap } = await start([101]);
    const unknown = await runInProcess(
      ["produce", "nope", "--bootstrap", bootstrap, "--timeout-ms", "1500"],
      "a\n",
    );
    expect(unknown.status).toBe(1);
    // At once: one metadata answer, not retries until --timeout-ms.
    expect(unknown.stderr).toMatch(/^rill: UNKNOWN_TOPIC_OR_PARTITION: topic 'nope' does not exist/);
    expect(cluster?.callsTo("metadata").length).toBeLessThanOrEqual(2);
    expect(
      (await runInProcess(["produce", "events", "--acks", "2", "--bootstrap", bootstrap], "")).status,
    ).toBe(2);
    expect(
      (await runInProcess(["produce", "events", "--compression", "brotli", "--bootstrap", bootstrap], ""))
        .status,
    ).toBe(2);
    const badPartition = await runInProcess(
      ["produce", "events", "--partition", "5", "--bootstrap", bootstrap],
      "a\n",
    );
    expect(badPartition.status).toBe(1);
    expect(badPartition.stderr).toMatch(/has 1 partition/);
  });
});

describe("rill produce: binary values", () => {
  const bytes = Uint8Array.from({ length: 4_096 }, (_, index) => (index * 7919 + (index >> 3)) & 0xff);

  function storedBytes(cluster: FakeCluster, partition: number): Uint8Array[] {
    const state = cluster.topics.get("events")?.partitions[partition];
    return (state?.batches ?? []).flatMap((batch) =>
      decodeRecordBatch(batch).records.map((record) => record.value ?? new Uint8Array()),
    );
  }

  function frame(payload: Uint8Array): Uint8Array {
    const out = new Uint8Array(4 + payload.length);
    new DataView(out.buffer).setUint32(0, payload.length);
    out.set(payload, 4);
    return out;
  }

  it("round-trips 4,096 arbitrary bytes with --value-format raw, base64 and hex", async () => {
    const { cluster, bootstrap } = await start([101]);
    const inputs: [string, string | Uint8Array][] = [
      ["raw", Buffer.concat([frame(bytes), frame(new Uint8Array())])],
      ["base64", `${Buffer.from(bytes).toString("base64")}\n`],
      ["hex", `${Buffer.from(bytes).toString("hex")}\n`],
    ];
    for (const [format, input] of inputs) {
      const result = await runInProcess(
        ["produce", "events", "--value-format", format, "--bootstrap", bootstrap],
        input,
      );
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    }
    const stored = storedBytes(cluster, 0);
    expect(stored.map((value) => value.length)).toEqual([4_096, 0, 4_096, 4_096]);
    for (const index of [0, 2, 3])
      expect(Buffer.from(stored[index] as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
  });

  it("keys in raw frames, and a null key", async () => {
    const { cluster, bootstrap } = await start([101]);
    const noKey = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
    const input = Buffer.concat([
      frame(new Uint8Array([0, 1, 2])),
      frame(bytes),
      noKey,
      frame(new Uint8Array([9])),
    ]);
    const result = await runInProcess(
      ["produce", "events", "--value-format", "raw", "--key-format", "raw", "--bootstrap", bootstrap],
      input,
    );
    expect(result.status).toBe(0);
    const state = cluster.topics.get("events")?.partitions[0];
    const records = (state?.batches ?? []).flatMap((batch) => decodeRecordBatch(batch).records);
    expect(records.map((record) => (record.key === null ? null : [...record.key]))).toEqual([
      [0, 1, 2],
      null,
    ]);
  });

  it("rejects a line that is not valid UTF-8 instead of changing it, and counts every rejected line", async () => {
    const { cluster, bootstrap } = await start([101]);
    const lines = [
      Buffer.from("good\n"),
      Buffer.from([0xc3, 0x28, 0x0a]),
      ...Array.from({ length: 30 }, () => Buffer.from("x\n")),
    ];
    const result = await runInProcess(
      ["produce", "events", "--key-separator", "=", "--bootstrap", bootstrap],
      Buffer.concat(lines),
    );
    expect(result.status).toBe(1);
    // 32 lines, none with the separator: all 32 counted (the listing stops at 20).
    expect(result.stdout).toContain("32 line(s) rejected");
    expect(result.stdout).toContain("and 12 more rejected line(s)");
    const utf8 = await runInProcess(
      ["produce", "events", "--bootstrap", bootstrap],
      Buffer.concat(lines.slice(0, 2)),
    );
    expect(utf8.status).toBe(1);
    expect(utf8.stdout).toContain("rejected: line 2: value not valid UTF-8");
    expect(storedValues(cluster, 0)).toEqual(["good"]);
  });
});

describe("rill consume", () => {
  it("reads every partition from the beginning as JSON lines and stops at --max-messages", async () => {
    const { bootstrap } = await start([101, 102]);
    await runInProcess(
      ["produce", "events", "--partition", "0", "--key-separator", ":", "--bootstrap", bootstrap],
      "k1:a\nk2:b\n",
    );
    await runInProcess(["produce", "events", "--partition", "1", "--bootstrap", bootstrap], "c\n");
    const result = await runInProcess([
      "consume",
      "events",
      "--from-beginning",
      "--max-messages",
      "3",
      "--json",
      "--bootstrap",
      bootstrap,
    ]);
    expect(result.status).toBe(0);
    const records = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .sort((left, right) => left.partition - right.partition || left.offset - right.offset);
    expect(
      records.map(({ partition, offset, key, value, headers }) => ({
        partition,
        offset,
        key,
        value,
        headers,
      })),
    ).toEqual([
      { partition: 0, offset: 0, key: "k1", value: "a", headers: [] },
      { partition: 0, offset: 1, key: "k2", value: "b", headers: [] },
      { partition: 1, offset: 0, key: null, value: "c", headers: [] },
    ]);
    expect(typeof records[0].timestamp).toBe("number");
  });

  it("starts at --offset of one partition and prints values", async () => {
    const { bootstrap } = await start([101]);
    await runInProcess(["produce", "events", "--bootstrap", bootstrap], "zero\none\ntwo\n");
    const result = await runInProcess([
      "consume",
      "events",
      "--partition",
      "0",
      "--offset",
      "1",
      "--max-messages",
      "2",
      "--format",
      "%s\\n",
      "--bootstrap",
      bootstrap,
    ]);
    expect(result).toMatchObject({ status: 0, stdout: "one\ntwo\n" });
  });

  it("follows a leader change while consuming", async () => {
    const { cluster, bootstrap } = await start([101]);
    await runInProcess(["produce", "events", "--bootstrap", bootstrap], "before\n");
    // The leader moves once 101 has answered the start-offset look-up: the consumer's stream to
    // 101 is refused (or told once it is open) and it follows to 102.
    cluster.intercept = (call) => {
      if (call.method === "listOffsets") setImmediate(() => cluster?.moveLeader("events", 0, 102));
      return undefined;
    };
    const result = await runInProcess([
      "consume",
      "events",
      "--from-beginning",
      "--max-messages",
      "1",
      "--format",
      "%s\\n",
      "--bootstrap",
      bootstrap,
    ]);
    expect(result).toMatchObject({ status: 0, stdout: "before\n" });
    expect(cluster.callsTo("fetchStream", 101).length).toBeGreaterThan(0);
    expect(cluster.callsTo("fetchStream", 102).length).toBeGreaterThan(0);
  });

  it("fails when --max-messages are not there within --timeout-ms, and on bad usage", async () => {
    const { bootstrap } = await start([101]);
    const waiting = await runInProcess([
      "consume",
      "events",
      "--max-messages",
      "1",
      "--timeout-ms",
      "700",
      "--bootstrap",
      bootstrap,
    ]);
    expect(waiting.status).toBe(1);
    expect(waiting.stderr).toMatch(/^rill: got 0 of 1 message\(s\)/m);
    expect(
      (await runInProcess(["consume", "events", "--offset", "3", "--bootstrap", bootstrap])).status,
    ).toBe(2);
    expect(
      (
        await runInProcess([
          "consume",
          "events",
          "--partition",
          "0",
          "--offset",
          "1",
          "--from-beginning",
          "--bootstrap",
          bootstrap,
        ])
      ).status,
    ).toBe(2);
  });

  it("reports a broker error that is not retriable", async () => {
    const { cluster, bootstrap } = await start([101]);
    cluster.intercept = (call) =>
      call.method === "listOffsets"
        ? { kind: "error", error: new RillError("TOPIC_AUTHORIZATION_FAILED", "no reading") }
        : undefined;
    const result = await runInProcess(["consume", "events", "--max-messages", "1", "--bootstrap", bootstrap]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("rill: TOPIC_AUTHORIZATION_FAILED: no reading\n");
  });
});
