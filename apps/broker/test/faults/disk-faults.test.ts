/**
 * Real processes whose disk fills up or fails under them.
 * - Disk full: a broker's partition logs on a small tmpfs, filled by another file. Produce is
 *   refused with a retriable STORAGE_ERROR naming the full disk (nothing written), and succeeds
 *   again once the file is removed, without a restart; every acknowledged record reads back once.
 * - Disk failure: the leader's file system starts failing every write and fsync with EIO (the
 *   test-only layer, RILL_TEST_STORAGE_FAULTS and SIGUSR2, server/test-storage-faults.ts). The
 *   broker exits non-zero with a fatal line, leadership moves to an in-sync replica, the producer
 *   carries on there, and every acknowledged record reads back once, in order.
 * Needs root (to mount the tmpfs): vitest reports the file as skipped elsewhere.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { Rill } from "@rill/client";
import { isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterEach, describe, expect, it } from "vitest";
import { checkDelivery } from "../cluster/delivery-checker.js";
import { HistoryProducer } from "../cluster/producer-history.js";
import { LocalCluster, POLL_INTERVAL_MS } from "../support/local-cluster.js";
import { partitionView, readAll } from "./fault-run.js";

const execFileAsync = promisify(execFile);
const MIB = 1024 * 1024;
const SESSION_TIMEOUT_MS = 3_000;
const WAIT_MS = 90_000;
const isRoot = process.getuid?.() === 0;

let cluster: LocalCluster | undefined;
let rill: Rill | undefined;
let mounted: string | undefined;

afterEach(async () => {
  await rill?.disconnect();
  rill = undefined;
  if (mounted !== undefined) {
    // Unmounted before the cluster removes its directories, once no process uses it.
    const running = cluster?.brokers.filter((broker) => cluster?.isRunning(broker.name)) ?? [];
    await Promise.all(running.map((broker) => cluster?.kill(broker.name)));
    await execFileAsync("umount", ["--lazy", mounted]);
    mounted = undefined;
  }
  await cluster?.close();
  cluster = undefined;
});

describe.skipIf(!isRoot)("a broker's disk fills up or fails (real processes)", () => {
  it("a full disk refuses produce with a retriable error naming it, and takes it again once space returns", async () => {
    const freeBytesMin = 4 * MIB;
    cluster = await LocalCluster.start({
      controllers: 1,
      brokers: 1,
      brokerConfig: {
        "log.dir.free.bytes.min": String(freeBytesMin),
        "log.dir.free.check.interval.ms": "100",
      },
    });
    const broker = cluster.process(101);
    // The broker keeps its partition logs under `<data.dir>/partitions`: put that on a 16 MiB tmpfs.
    const partitions = join(broker.dataDir, "partitions");
    await cluster.stop(101);
    await mkdir(partitions, { recursive: true });
    await execFileAsync("mount", ["-t", "tmpfs", "-o", "size=16m", "rill-test-disk-full", partitions]);
    mounted = partitions;
    cluster.startProcess(101);
    await cluster.waitForBrokersUnfenced([101]);
    const topic = "disk-full";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 1,
      configs: { "min.insync.replicas": "1" },
    });
    await cluster.waitForLeaders(topic, 1);
    rill = new Rill({ brokers: [broker.address], clientId: "disk-full-test", requestTimeoutMs: 3_000 });
    const producer = rill.producer({ deliveryTimeoutMs: 2_000 });
    const acknowledged: { value: string; offset: number }[] = [];
    const sent: string[] = [];
    const send = async (value: string) => {
      sent.push(value);
      const [result] = await producer.send({ topic, messages: [{ partition: 0, value }] });
      acknowledged.push({ value, offset: Number(result?.offset) });
    };
    for (let index = 0; index < 20; index += 1) await send(`before-${index}`);

    const { bavail, bsize } = await statfs(partitions);
    await writeFile(join(partitions, "filler"), Buffer.alloc(bavail * bsize - MIB));
    const refused = await waitFor(
      async () => {
        try {
          await send(`while-full-${sent.length}`);
          return undefined;
        } catch (error) {
          return error;
        }
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "produce refused on a full disk" },
    );
    expect(isRillError(refused, "STORAGE_ERROR"), String(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/disk full/);
    expect((refused as { retriable: boolean }).retriable).toBe(true);
    // Refused means not written: nothing of it may show up later.
    const refusedValue = sent.at(-1) as string;

    await rm(join(partitions, "filler"));
    await waitFor(
      async () => {
        try {
          await send(`after-${sent.length}`);
          return true;
        } catch {
          return false;
        }
      },
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "produce taken again once space returned",
      },
    );
    for (let index = 0; index < 20; index += 1) await send(`after-more-${index}`);

    const consumed = await readAll(rill.data, topic);
    const report = checkDelivery({ sent, acknowledged, indeterminate: [], consumed });
    expect(report.lost).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.misplaced).toEqual([]);
    expect(consumed.map((record) => record.value)).not.toContain(refusedValue);
    expect(cluster.isRunning(101)).toBe(true);
  }, 240_000);

  it("a failing disk (EIO on every write and fsync) stops the leader; leadership moves and nothing acknowledged is lost", async () => {
    cluster = await LocalCluster.start({
      controllers: 1,
      brokers: 3,
      controllerConfig: { "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS) },
      brokerConfig: {
        "broker.heartbeat.interval.ms": "500",
        "broker.session.timeout.ms": String(SESSION_TIMEOUT_MS),
        "replica.lag.time.max.ms": "4000",
        // Read from the environment as RILL_TEST_STORAGE_FAULTS (test-only, never a config key).
        "test.storage.faults": "1",
      },
    });
    const topic = "disk-failure";
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { "min.insync.replicas": "2" },
    });
    await cluster.waitForLeaders(topic, 1);
    rill = new Rill({
      brokers: cluster.bootstrap.split(","),
      clientId: "disk-failure-test",
      requestTimeoutMs: 3_000,
    });
    const producer = new HistoryProducer({
      producer: rill.producer({ deliveryTimeoutMs: 30_000 }),
      clientId: "disk-failure-test",
      topic,
      partition: 0,
      recordsPerSend: 10,
      sendsInFlight: 8,
      valuePrefix: "eio",
    });
    const acked = () => producer.history.acknowledged.length;
    producer.start();
    await waitFor(() => acked() >= 200, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "200 acks",
    });
    const before = await waitFor(() => partitionView(cluster as LocalCluster, topic), {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "the leader",
    });
    const failing = cluster.process(before.leader);
    const exited = new Promise<number | null>((resolve) =>
      failing.child?.once("exit", (code) => resolve(code)),
    );
    failing.child?.kill("SIGUSR2");
    const exitCode = await exited;
    expect(exitCode).not.toBe(0);
    expect(exitCode).not.toBeNull();
    expect(cluster.log(before.leader)).toMatch(/log directory .* failed/);

    const after = await waitFor(
      async () => {
        const view = await partitionView(cluster as LocalCluster, topic);
        return view !== undefined && view.leader !== before.leader ? view : undefined;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "leadership moved off the failed broker" },
    );
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    const ackedAtMove = acked();
    await waitFor(() => acked() >= ackedAtMove + 200, {
      timeoutMs: WAIT_MS,
      intervalMs: POLL_INTERVAL_MS,
      message: "200 acks on the new leader",
    });
    const history = await producer.stop();
    const report = checkDelivery({ ...history, consumed: await readAll(rill.data, topic) });
    expect(report.lost).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.misplaced).toEqual([]);
    expect(report.reordered).toEqual([]);
    expect(report.acknowledged).toBeGreaterThanOrEqual(400);
  }, 240_000);
});
