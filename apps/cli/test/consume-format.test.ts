import { randomBytes } from "node:crypto";
import { DataClient } from "@rill/client";
import { FakeCluster } from "@rill/client/testing";
import { encodeRecordBatch, type RecordInput } from "@rill/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { rawFrame } from "../src/bytes-format.js";
import { RecordFormat } from "../src/commands/record-format.js";
import { runInProcess } from "./run-in-process.js";

const text = new TextEncoder();

let cluster: FakeCluster | undefined;
let data: DataClient | undefined;
afterEach(async () => {
  data?.close();
  data = undefined;
  await cluster?.stop();
  cluster = undefined;
});

async function start(): Promise<string> {
  cluster = await FakeCluster.start({ brokers: [101] });
  cluster.addTopic("events", [101]);
  data = new DataClient({ bootstrap: cluster.bootstrap() });
  return cluster.bootstrap()[0] as string;
}

async function produce(records: RecordInput[]): Promise<void> {
  await (data as DataClient).produce({
    topic: "events",
    partition: 0,
    batch: encodeRecordBatch({ records }),
  });
}

function consume(bootstrap: string, ...flags: string[]) {
  return runInProcess([
    "consume",
    "events",
    "--partition",
    "0",
    "--bootstrap",
    bootstrap,
    "--timeout-ms",
    "5000",
    ...flags,
  ]);
}

describe("rill consume output", () => {
  it("prints key, partition, offset and timestamp by default, and any kcat --format", async () => {
    const bootstrap = await start();
    await produce([
      { key: text.encode("k1"), value: text.encode("hello"), timestamp: 1_700_000_000_000 },
      {
        key: null,
        value: text.encode("world"),
        timestamp: 1_700_000_000_500,
        headers: [{ key: "trace", value: text.encode("abc") }],
      },
    ]);
    const plain = await consume(bootstrap, "--from-beginning", "--max-messages", "2");
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toBe("0\t0\t1700000000000\tk1\thello\n0\t1\t1700000000500\t\tworld\n");
    const custom = await consume(
      bootstrap,
      "--from-beginning",
      "--max-messages",
      "2",
      "--format",
      "%t/%p@%o %T key=%k (%K) value=%s (%S) headers=%h 100%%\\n",
    );
    expect(custom.status, custom.stderr).toBe(0);
    expect(custom.stdout).toBe(
      "events/0@0 1700000000000 key=k1 (2) value=hello (5) headers= 100%\n" +
        "events/0@1 1700000000500 key= (-1) value=world (5) headers=trace=abc 100%\n",
    );
    const bad = await consume(bootstrap, "--format", "%q");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown token '%q'/);
  });

  it("--from-time starts at the first record at or after the time", async () => {
    const bootstrap = await start();
    await produce(
      [1_000, 2_000, 3_000, 4_000].map((timestamp) => ({
        key: null,
        value: text.encode(`t${timestamp}`),
        timestamp,
      })),
    );
    const byMs = await consume(
      bootstrap,
      "--from-time",
      "2500",
      "--max-messages",
      "2",
      "--format",
      "%o %s\\n",
    );
    expect(byMs.status, byMs.stderr).toBe(0);
    expect(byMs.stdout).toBe("2 t3000\n3 t4000\n");
    const byDate = await consume(
      bootstrap,
      "--from-time",
      new Date(2_000).toISOString(),
      "--max-messages",
      "1",
      "--format",
      "%o\\n",
    );
    expect(byDate.stdout).toBe("1\n");
    expect((await consume(bootstrap, "--from-time", "yesterday")).status).toBe(2);
    expect((await consume(bootstrap, "--from-time", "1", "--from-beginning")).status).toBe(2);
  });

  it("round-trips binary values through base64 and hex, and refuses to alter invalid UTF-8", async () => {
    const bootstrap = await start();
    const binary = new Uint8Array(randomBytes(4096));
    await produce([{ key: new Uint8Array([0xff, 0x00]), value: binary }]);
    for (const format of ["base64", "hex"] as const) {
      const result = await consume(
        bootstrap,
        "--from-beginning",
        "--max-messages",
        "1",
        "--value-format",
        format,
        "--key-format",
        format,
        "--format",
        "%k %s\\n",
      );
      expect(result.status, result.stderr).toBe(0);
      const [key, value] = result.stdout.trim().split(" ");
      expect(new Uint8Array(Buffer.from(key as string, format))).toEqual(new Uint8Array([0xff, 0x00]));
      expect(new Uint8Array(Buffer.from(value as string, format))).toEqual(binary);
    }
    const json = await consume(
      bootstrap,
      "--from-beginning",
      "--max-messages",
      "1",
      "--json",
      "--value-format",
      "base64",
      "--key-format",
      "hex",
    );
    expect(json.status, json.stderr).toBe(0);
    const record = JSON.parse(json.stdout);
    expect(record.key).toBe("ff00");
    expect(new Uint8Array(Buffer.from(record.value, "base64"))).toEqual(binary);
    const asText = await consume(bootstrap, "--from-beginning", "--max-messages", "1");
    expect(asText.status).toBe(1);
    expect(asText.stdout).toBe("");
    expect(asText.stderr).toMatch(/not valid UTF-8.*base64, hex or raw/);
  });

  it("fails at once for a topic that does not exist", async () => {
    const bootstrap = await start();
    const result = await runInProcess([
      "consume",
      "evnets",
      "--bootstrap",
      bootstrap,
      "--timeout-ms",
      "30000",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/topic 'evnets' does not exist/);
  });
});

describe("rill consume --bootstrap", () => {
  it("works with only controller addresses: the brokers are looked up first", async () => {
    cluster = await FakeCluster.start({ brokers: [101], controllers: [1] });
    cluster.addTopic("events", [101]);
    data = new DataClient({ bootstrap: cluster.bootstrap() });
    await produce([{ key: null, value: text.encode("via a controller") }]);
    const result = await runInProcess([
      "consume",
      "events",
      "--from-beginning",
      "--max-messages",
      "1",
      "--format",
      "%s\\n",
      "--bootstrap",
      cluster.bootstrap("controller").join(","),
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("via a controller\n");
    expect(cluster.callsTo("describeCluster", 1).length).toBeGreaterThan(0);
  });
});

describe("record formats", () => {
  it("frames raw values as a 4-byte big-endian length (-1 for null) and the bytes", () => {
    expect([...rawFrame(new Uint8Array([7, 8, 9]))]).toEqual([0, 0, 0, 3, 7, 8, 9]);
    expect([...rawFrame(null)]).toEqual([0xff, 0xff, 0xff, 0xff]);
  });

  it("renders every kcat token and escape", () => {
    const format = RecordFormat.parse("%t|%p|%o|%T|%k|%s|%K|%S|%h|%%|\\t|\\\\");
    const line = format.render(
      {
        topic: "t",
        partition: 1,
        offset: 2,
        timestamp: 3,
        key: null,
        value: text.encode("v"),
        headers: [{ key: "a", value: text.encode("b") }],
      },
      { key: "utf8", value: "utf8" },
    );
    expect(line).toBe("t|1|2|3||v|-1|1|a=b|%|\t|\\");
  });
});
