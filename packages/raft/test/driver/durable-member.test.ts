/**
 * The driver over DurableRaftStorage in one process: a single-member cluster (it elects itself)
 * that is abandoned without close (a crash: only what persist() made durable remains) and
 * started again over the same data dir.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeId } from "@rill/protocol/ids";
import { NodeFileSystem } from "@rill/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RaftListener } from "../../src/client/raft-client.js";
import type { Message } from "../../src/core/messages.js";
import type { Entry, Snapshot } from "../../src/core/types.js";
import { ManualClock } from "../../src/driver/clock.js";
import { RaftNode } from "../../src/driver/raft-node.js";
import { DurableRaftStorage } from "../../src/storage/durable-storage.js";
import { InMemoryNetwork } from "../../src/transport/in-memory-transport.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rill-raft-driver-"));
  await DurableRaftStorage.format(new NodeFileSystem(), dir, {
    nodeId: nodeId(1),
    bootstrapConfig: { voters: [nodeId(1)], learners: [] },
  });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

class Recorder implements RaftListener {
  records: string[] = [];
  loaded: string[] | undefined;
  onCommit(entries: readonly Entry[]): void {
    for (const entry of entries)
      if (entry.type === "normal") this.records.push(new TextDecoder().decode(entry.data));
  }
  onLeaderChange(): void {}
  onSnapshotLoad(snapshot: Snapshot): void {
    this.loaded = JSON.parse(new TextDecoder().decode(snapshot.data)) as string[];
    this.records = [...this.loaded];
  }
  saveSnapshot(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.records));
  }
}

async function startMember(clock: ManualClock, recorder: Recorder): Promise<RaftNode> {
  const storage = await DurableRaftStorage.open({ dir, fileSystem: new NodeFileSystem() });
  const node = new RaftNode({
    nodeId: nodeId(1),
    storage,
    transport: new InMemoryNetwork<Message>().endpoint(nodeId(1)),
    clock,
    tickIntervalMs: 100,
    snapshotEveryEntries: 25,
    onFatal: (error) => {
      throw error;
    },
  });
  node.register(recorder);
  node.start();
  return node;
}

async function runUntil(clock: ManualClock, condition: () => boolean, what: string): Promise<void> {
  for (let step = 0; step < 2_000; step++) {
    if (condition()) return;
    clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`never reached: ${what}`);
}

describe("RaftNode over durable storage", () => {
  it("recovers committed records and its snapshot after a crash", async () => {
    const clock = new ManualClock();
    const first = new Recorder();
    const node = await startMember(clock, first);
    await runUntil(clock, () => node.status().role === "leader", "self-election");
    for (let i = 0; i < 40; i++) await node.propose([new TextEncoder().encode(`v${i}`)]);
    expect(first.records).toHaveLength(40);
    expect(node.latestSnapshot()?.metadata.index).toBeGreaterThanOrEqual(25);
    // Crash: the node is abandoned, never closed; a new process opens the same dir.
    const secondClock = new ManualClock();
    const second = new Recorder();
    const restarted = await startMember(secondClock, second);
    await runUntil(
      secondClock,
      () => restarted.status().role === "leader" && second.records.length === 40,
      "recovery",
    );
    // The snapshot (taken at an applied index >= 25; index 1 is the leader's noop) was loaded first.
    expect(second.loaded?.length).toBeGreaterThanOrEqual(24);
    expect(second.loaded).toEqual(first.records.slice(0, second.loaded?.length));
    expect(second.records).toEqual(first.records);
    expect(restarted.status().term).toBeGreaterThan(node.status().term);
    await restarted.close();
  });
});
