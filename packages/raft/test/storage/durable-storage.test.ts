import { appendFile, mkdtemp, readdir, readFile, rm, truncate, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRillError } from "@rill/protocol";
import { nodeId } from "@rill/protocol/ids";
import { NodeFileSystem } from "@rill/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Entry, RAFT_NO_NODE, type Snapshot } from "../../src/core/types.js";
import { DurableRaftStorage } from "../../src/storage/index.js";

const config = { voters: [1, 2, 3].map(nodeId), learners: [] };
const fileSystem = new NodeFileSystem();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rill-raft-storage-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(index: number, term: number, text = `e${index}`): Entry {
  return { index, term, type: "normal", data: new TextEncoder().encode(text) };
}

async function fresh(segmentBytesMax?: number): Promise<DurableRaftStorage> {
  await DurableRaftStorage.format(fileSystem, dir, { nodeId: nodeId(1), bootstrapConfig: config });
  return open(segmentBytesMax);
}

function open(segmentBytesMax?: number): Promise<DurableRaftStorage> {
  return DurableRaftStorage.open(
    segmentBytesMax === undefined ? { dir, fileSystem } : { dir, fileSystem, segmentBytesMax },
  );
}

async function expectRefusal(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isRillError(error, "INVALID_DATA_DIR")).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

async function lastSegmentPath(): Promise<string> {
  const names = (await readdir(join(dir, "log"))).sort();
  return join(dir, "log", names.at(-1) as string);
}

describe("DurableRaftStorage", () => {
  it("starts empty after format and refuses to format twice", async () => {
    const storage = await fresh();
    expect(storage.firstIndex()).toBe(1);
    expect(storage.lastIndex()).toBe(0);
    expect(storage.term(0)).toBe(0);
    expect(storage.initialState()).toEqual({ hardState: { term: 0, vote: 0, commit: 0 }, config });
    await storage.close();
    await expectRefusal(
      DurableRaftStorage.format(fileSystem, dir, { nodeId: nodeId(1), bootstrapConfig: config }),
      /not empty/,
    );
  });

  it("round-trips entries, hard state and segments across a reopen", async () => {
    const storage = await fresh(200);
    const entries = Array.from({ length: 30 }, (_, i) => entry(i + 1, i < 10 ? 1 : 2));
    await storage.persist({
      entries: entries.slice(0, 12),
      hardState: { term: 1, vote: nodeId(1), commit: 0 },
    });
    await storage.persist({
      entries: entries.slice(12),
      hardState: { term: 2, vote: nodeId(3), commit: 20 },
    });
    expect((await readdir(join(dir, "log"))).length).toBeGreaterThan(3);
    expect(storage.entries(5, 8, 1 << 20)).toEqual(entries.slice(4, 7));
    expect(storage.entries(5, 30, 1)).toEqual([entries[4]]);
    await storage.close();

    const reopened = await open(200);
    expect(reopened.recovery.tornBytesTruncated).toBe(0);
    expect(reopened.lastIndex()).toBe(30);
    expect(reopened.term(10)).toBe(1);
    expect(reopened.term(11)).toBe(2);
    expect(reopened.term(31)).toBeUndefined();
    expect(reopened.entries(1, 31, 1 << 20)).toEqual(entries);
    expect(reopened.initialState().hardState).toEqual({ term: 2, vote: 3, commit: 20 });
    await reopened.close();
  });

  it("writes a large batch in one persist (buffers grow) and reads it back", async () => {
    const storage = await fresh(256 * 1024);
    const entries = Array.from({ length: 3000 }, (_, i) => entry(i + 1, 1, `${i}`.padEnd(200, "x")));
    await storage.persist({ entries, hardState: { term: 1, vote: nodeId(1), commit: 0 } });
    await storage.close();
    const reopened = await open(256 * 1024);
    expect(reopened.entries(1, 3001, 1 << 30)).toEqual(entries);
    await reopened.close();
  });

  it("truncates a conflicting suffix, across segments, durably", async () => {
    const storage = await fresh(150);
    await storage.persist({ entries: Array.from({ length: 10 }, (_, i) => entry(i + 1, 1)) });
    await storage.persist({ entries: [entry(4, 2, "new4"), entry(5, 2, "new5")] });
    expect(storage.lastIndex()).toBe(5);
    expect(storage.term(4)).toBe(2);
    await storage.persist({ entries: [entry(6, 2)] });
    await storage.close();
    const reopened = await open(150);
    expect(reopened.lastIndex()).toBe(6);
    expect(reopened.entries(1, 7, 1 << 20).map((e) => e.term)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(new TextDecoder().decode(reopened.entries(5, 6, 100)[0]?.data)).toBe("new5");
    await reopened.close();
  });

  it("keeps a vote durable as soon as persist resolves, without close", async () => {
    const storage = await fresh();
    await storage.persist({ hardState: { term: 7, vote: nodeId(2), commit: 0 } });
    // No close: a crash right now must still remember the vote.
    const reopened = await open();
    expect(reopened.initialState().hardState).toEqual({ term: 7, vote: 2, commit: 0 });
    await reopened.close();
    await storage.close();
  });

  it("keeps an advanced commit index durable as soon as persist resolves, without close", async () => {
    const storage = await fresh();
    await storage.persist({
      entries: [entry(1, 1), entry(2, 1), entry(3, 1)],
      hardState: { term: 1, vote: nodeId(1), commit: 0 },
    });
    // Only the commit moves: no term or vote change, so the hard-state file is not rewritten.
    await storage.persist({ hardState: { term: 1, vote: nodeId(1), commit: 2 } });
    await storage.persist({ hardState: { term: 1, vote: nodeId(1), commit: 3 } });
    const reopened = await open(); // as after kill -9: the first instance was never closed
    expect(reopened.initialState().hardState).toEqual({ term: 1, vote: 1, commit: 3 });
    await reopened.close();
    await storage.close();
  });

  it("reads the commit index from the intact slot when the newest slot is torn", async () => {
    const storage = await fresh();
    await storage.persist({
      entries: [entry(1, 1), entry(2, 1)],
      hardState: { term: 1, vote: nodeId(1), commit: 1 },
    });
    await storage.persist({ hardState: { term: 1, vote: nodeId(1), commit: 2 } });
    await storage.close();
    const commitPath = join(dir, "commit");
    const bytes = await readFile(commitPath);
    // Sequence 2 lives in slot 0; spoil its checksum as a torn write would.
    bytes[8] = (bytes[8] as number) ^ 0xff;
    await writeFile(commitPath, bytes);
    const reopened = await open();
    expect(reopened.initialState().hardState.commit).toBeGreaterThanOrEqual(1);
    expect(reopened.initialState().hardState.commit).toBeLessThanOrEqual(2);
    await reopened.close();
  });

  it("cuts a torn tail of the last segment and keeps everything before it", async () => {
    const storage = await fresh();
    await storage.persist({
      entries: [entry(1, 1), entry(2, 1), entry(3, 1)],
      hardState: { term: 1, vote: nodeId(1), commit: 0 },
    });
    await storage.close();
    const path = await lastSegmentPath();
    const size = (await readFile(path)).length;
    await truncate(path, size - 3); // entry 3 half-written
    await appendFile(path, new Uint8Array([1, 2])); // and some garbage
    const reopened = await open();
    expect(reopened.recovery.tornBytesTruncated).toBeGreaterThan(0);
    expect(reopened.lastIndex()).toBe(2);
    await reopened.persist({ entries: [entry(3, 1, "again")] });
    await reopened.close();
    const again = await open();
    expect(again.recovery.tornBytesTruncated).toBe(0);
    expect(new TextDecoder().decode(again.entries(3, 4, 100)[0]?.data)).toBe("again");
    await again.close();
  });

  it("refuses to cut a bad record that is known to be committed", async () => {
    const storage = await fresh();
    await storage.persist({
      entries: [entry(1, 1), entry(2, 1)],
      hardState: { term: 1, vote: nodeId(1), commit: 0 },
    });
    await storage.persist({ hardState: { term: 2, vote: RAFT_NO_NODE, commit: 2 } });
    await storage.close();
    const path = await lastSegmentPath();
    const bytes = await readFile(path);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    await writeFile(path, bytes);
    await expectRefusal(open(), /known to be committed/);
  });

  it("refuses a corrupt record in a segment that is not the last", async () => {
    const storage = await fresh(100);
    await storage.persist({ entries: Array.from({ length: 8 }, (_, i) => entry(i + 1, 1)) });
    await storage.close();
    const first = join(dir, "log", (await readdir(join(dir, "log"))).sort()[0] as string);
    const bytes = await readFile(first);
    bytes[20] = (bytes[20] as number) ^ 0x01;
    await writeFile(first, bytes);
    await expectRefusal(open(100), /checksum mismatch/);
  });

  it("refuses a missing segment (a gap in the log)", async () => {
    const storage = await fresh(100);
    await storage.persist({ entries: Array.from({ length: 8 }, (_, i) => entry(i + 1, 1)) });
    await storage.close();
    const names = (await readdir(join(dir, "log"))).sort();
    expect(names.length).toBeGreaterThan(2);
    await unlink(join(dir, "log", names[1] as string));
    await expectRefusal(open(100), /gap/);
  });

  it("refuses to start on a corrupt or missing hard state", async () => {
    const storage = await fresh();
    await storage.persist({ hardState: { term: 3, vote: nodeId(1), commit: 0 } });
    await storage.close();
    const bytes = await readFile(join(dir, "hard-state"));
    bytes[10] = (bytes[10] as number) ^ 0x40;
    await writeFile(join(dir, "hard-state"), bytes);
    await expectRefusal(open(), /hard-state: checksum mismatch/);
    await unlink(join(dir, "hard-state"));
    await expectRefusal(open(), /hard-state is missing/);
  });

  it("refuses an unformatted dir", async () => {
    await expectRefusal(DurableRaftStorage.open({ dir, fileSystem }), /meta/);
  });

  it("saves a snapshot, compacts the log, and reloads both", async () => {
    const storage = await fresh(120);
    const entries = Array.from({ length: 20 }, (_, i) => entry(i + 1, 1));
    await storage.persist({ entries, hardState: { term: 1, vote: nodeId(1), commit: 15 } });
    const snapshot: Snapshot = { metadata: { index: 12, term: 1, config }, data: new Uint8Array([9, 9, 9]) };
    await storage.saveSnapshot(snapshot);
    expect(storage.firstIndex()).toBe(13);
    expect(storage.term(12)).toBe(1);
    expect(storage.term(11)).toBeUndefined();
    expect(storage.entries(13, 21, 1 << 20)).toEqual(entries.slice(12));
    await storage.close();
    const reopened = await open(120);
    expect(reopened.snapshot()).toEqual(snapshot);
    expect(reopened.firstIndex()).toBe(13);
    expect(reopened.lastIndex()).toBe(20);
    expect(reopened.initialState().hardState.commit).toBe(15);
    await reopened.close();
  });

  it("installs a snapshot from the leader, replacing the log, and appends after it", async () => {
    const storage = await fresh();
    await storage.persist({
      entries: [entry(1, 1), entry(2, 1)],
      hardState: { term: 1, vote: RAFT_NO_NODE, commit: 0 },
    });
    const snapshot: Snapshot = {
      metadata: {
        index: 50,
        term: 3,
        config: { voters: [nodeId(1), nodeId(2), nodeId(3), nodeId(4)], learners: [nodeId(5)] },
      },
      data: new Uint8Array(1000).fill(7),
    };
    await storage.persist({ snapshot, hardState: { term: 3, vote: RAFT_NO_NODE, commit: 50 } });
    expect(storage.firstIndex()).toBe(51);
    expect(storage.lastIndex()).toBe(50);
    await storage.persist({ entries: [entry(51, 3)] });
    await storage.close();
    const reopened = await open();
    expect(reopened.initialState().config).toEqual(snapshot.metadata.config);
    expect(reopened.lastIndex()).toBe(51);
    expect(reopened.term(50)).toBe(3);
    await reopened.close();
  });

  it("recovers from a crash part way through replacing the log by a received snapshot", async () => {
    const storage = await fresh(100);
    await storage.persist({
      entries: Array.from({ length: 12 }, (_, i) => entry(i + 1, 1)),
      hardState: { term: 1, vote: RAFT_NO_NODE, commit: 2 },
    });
    await storage.close();
    const logDir = join(dir, "log");
    const before = (await readdir(logDir)).sort();
    const saved = await Promise.all(before.slice(0, 2).map((name) => readFile(join(logDir, name))));
    const replacing = await open(100);
    const snapshot: Snapshot = { metadata: { index: 8, term: 2, config }, data: new Uint8Array([1]) };
    await replacing.persist({ snapshot, hardState: { term: 2, vote: RAFT_NO_NODE, commit: 8 } });
    await replacing.close();
    // As if the crash came after the snapshot file and before the oldest segments were deleted.
    await Promise.all(before.slice(0, 2).map((name, i) => writeFile(join(logDir, name), saved[i] as Buffer)));
    const reopened = await open(100);
    expect(reopened.firstIndex()).toBe(9);
    expect(reopened.lastIndex()).toBe(8);
    await reopened.persist({ entries: [entry(9, 2)] });
    expect(reopened.term(9)).toBe(2);
    await reopened.close();
  });

  it("refuses to start when the snapshot fails its checksum", async () => {
    const storage = await fresh();
    await storage.persist({
      entries: [entry(1, 1), entry(2, 1)],
      hardState: { term: 1, vote: nodeId(1), commit: 2 },
    });
    await storage.saveSnapshot({
      metadata: { index: 2, term: 1, config },
      data: new Uint8Array([1, 2, 3, 4]),
    });
    await storage.close();
    const name = (await readdir(join(dir, "snapshots")))[0] as string;
    const bytes = await readFile(join(dir, "snapshots", name));
    bytes[bytes.length - 6] = (bytes[bytes.length - 6] as number) ^ 0x01;
    await writeFile(join(dir, "snapshots", name), bytes);
    await expectRefusal(open(), /snapshot .*checksum mismatch/);
  });

  it("refuses a log that starts after the snapshot (missing entries)", async () => {
    const storage = await fresh(100);
    await storage.persist({
      entries: Array.from({ length: 8 }, (_, i) => entry(i + 1, 1)),
      hardState: { term: 1, vote: nodeId(1), commit: 8 },
    });
    await storage.close();
    const names = (await readdir(join(dir, "log"))).sort();
    await unlink(join(dir, "log", names[0] as string));
    await expectRefusal(open(100), /missing entries/);
  });

  it("asserts the caller's contract: no vote change within a term, no overwrite of committed entries", async () => {
    const storage = await fresh();
    await storage.persist({ entries: [entry(1, 1)], hardState: { term: 1, vote: nodeId(2), commit: 1 } });
    await expect(storage.persist({ hardState: { term: 1, vote: nodeId(3), commit: 1 } })).rejects.toThrow(
      /vote changed/,
    );
    await expect(storage.persist({ entries: [entry(1, 2)] })).rejects.toThrow(/committed/);
    await storage.close();
  });
});
