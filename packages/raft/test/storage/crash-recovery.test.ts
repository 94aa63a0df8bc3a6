/**
 * Crashes under the Raft log, through storage's file layer: a MemoryFileSystem whose crash keeps
 * only what a datasync covered, under a FaultInjectingFileSystem that fails chosen fsyncs (so a
 * persist's writes are left in the "page cache" when the machine goes down). Whatever `persist`
 * acknowledged must come back after the crash, and the log must reopen without complaint.
 */
import { nodeId } from "@rill/protocol/ids";
import { SeededRandom } from "@rill/protocol/random";
import { FaultInjectingFileSystem, MemoryFileSystem } from "@rill/storage";
import { describe, expect, it } from "vitest";
import { type Entry, type HardState, RAFT_NO_NODE } from "../../src/core/types.js";
import { DurableRaftStorage } from "../../src/storage/index.js";

const DIR = "/raft";
const config = { voters: [1, 2, 3].map(nodeId), learners: [] };

function entry(index: number, term: number): Entry {
  return { index, term, type: "normal", data: new TextEncoder().encode(`entry ${index} of term ${term}`) };
}

interface Disk {
  readonly memory: MemoryFileSystem;
  readonly faults: FaultInjectingFileSystem;
}

async function formattedDisk(): Promise<Disk> {
  const memory = new MemoryFileSystem();
  const faults = new FaultInjectingFileSystem(memory);
  await DurableRaftStorage.format(faults, DIR, { nodeId: nodeId(1), bootstrapConfig: config });
  return { memory, faults };
}

function open(disk: Disk): Promise<DurableRaftStorage> {
  return DurableRaftStorage.open({ dir: DIR, fileSystem: disk.faults, segmentBytesMax: 256 });
}

/** Power loss: unsynced bytes are gone and the crashed instance's handles are dead. */
function crash(disk: Disk): void {
  disk.faults.policy = () => undefined;
  disk.memory.crash();
}

describe("the Raft log through storage's file system", () => {
  it("loses an unsynced append on a crash and keeps everything fsynced before it", async () => {
    const disk = await formattedDisk();
    const storage = await open(disk);
    const acknowledged = Array.from({ length: 20 }, (_, i) => entry(i + 1, 1));
    await storage.persist({ entries: acknowledged, hardState: { term: 1, vote: nodeId(1), commit: 12 } });

    disk.faults.policy = (operation) => (operation === "datasync" ? "EIO" : undefined);
    await expect(
      storage.persist({
        entries: [entry(21, 1), entry(22, 1)],
        hardState: { term: 1, vote: nodeId(1), commit: 20 },
      }),
    ).rejects.toThrow(/EIO/);
    expect(disk.memory.unflushedFiles().length).toBeGreaterThan(0);
    crash(disk);

    const reopened = await open(disk);
    expect(reopened.lastIndex()).toBe(20);
    expect(reopened.entries(1, 21, 1 << 20)).toEqual(acknowledged);
    expect(reopened.initialState().hardState).toEqual({ term: 1, vote: 1, commit: 12 });
    expect(reopened.recovery.tornBytesTruncated).toBe(0);
    await reopened.close();
  });

  it("cuts segments that an unsynced append created, whose bytes the crash lost", async () => {
    const disk = await formattedDisk();
    const storage = await open(disk);
    const acknowledged = Array.from({ length: 5 }, (_, i) => entry(i + 1, 1));
    await storage.persist({ entries: acknowledged, hardState: { term: 1, vote: nodeId(1), commit: 5 } });
    const segmentsBefore = (await disk.memory.readdir(`${DIR}/log`)).length;
    disk.faults.policy = (operation) => (operation === "datasync" ? "EIO" : undefined);
    // Rolls two or more segments (256 bytes each): the names survive the crash, the bytes do not.
    const unsynced = Array.from({ length: 30 }, (_, i) => entry(i + 6, 1));
    await expect(storage.persist({ entries: unsynced })).rejects.toThrow(/EIO/);
    expect((await disk.memory.readdir(`${DIR}/log`)).length).toBeGreaterThan(segmentsBefore + 1);
    crash(disk);

    const reopened = await open(disk);
    expect(reopened.recovery.tornReason).toBeDefined();
    expect(reopened.entries(1, reopened.lastIndex() + 1, 1 << 20)).toEqual(acknowledged);
    expect((await disk.memory.readdir(`${DIR}/log`)).length).toBe(segmentsBefore);
    await reopened.persist({ entries: [entry(6, 2)], hardState: { term: 2, vote: nodeId(2), commit: 5 } });
    await reopened.close();
    const again = await open(disk);
    expect(again.lastIndex()).toBe(6);
    await again.close();
  });

  it("keeps the old vote when the hard-state replacement was not fsynced", async () => {
    const disk = await formattedDisk();
    const storage = await open(disk);
    await storage.persist({ hardState: { term: 3, vote: nodeId(2), commit: 0 } });
    disk.faults.policy = (operation, path) =>
      operation === "datasync" && path.endsWith("hard-state.tmp") ? "EIO" : undefined;
    await expect(storage.persist({ hardState: { term: 4, vote: nodeId(3), commit: 0 } })).rejects.toThrow(
      /EIO/,
    );
    crash(disk);

    const reopened = await open(disk);
    expect(reopened.initialState().hardState).toEqual({ term: 3, vote: 2, commit: 0 });
    expect(await disk.memory.exists(`${DIR}/hard-state.tmp`)).toBe(false);
    await reopened.close();
  });

  it("survives crashes at random points of a long history without losing an acknowledged write", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = new SeededRandom(seed);
      const disk = await formattedDisk();
      let storage = await open(disk);
      /** What persist acknowledged: the log (index - 1 → entry) and the hard state. */
      let durableLog: Entry[] = [];
      let durableState: HardState = { term: 0, vote: RAFT_NO_NODE, commit: 0 };
      for (let round = 0; round < 60; round++) {
        const term = durableState.term + (random.chance(0.2) ? 1 : 0);
        // Overwrite an uncommitted suffix of earlier terms now and then, as a new leader does.
        let from = Math.max(
          durableState.commit + 1,
          durableLog.length + 1 - (random.chance(0.2) ? random.int(0, 3) : 0),
        );
        while (from <= durableLog.length && (durableLog[from - 1] as Entry).term >= term) from += 1;
        const appended = Array.from({ length: random.int(1, 6) }, (_, i) => entry(from + i, term));
        const lastIndex = from + appended.length - 1;
        const hardState = {
          term,
          vote: term === durableState.term ? durableState.vote : nodeId(random.int(1, 3)),
          commit: random.int(durableState.commit, lastIndex),
        };
        const failing = random.chance(0.25);
        if (failing) disk.faults.policy = (operation) => (operation === "datasync" ? "EIO" : undefined);
        const outcome = await storage.persist({ entries: appended, hardState }).then(
          () => "durable",
          () => "failed",
        );
        if (outcome === "durable") {
          durableLog = [...durableLog.slice(0, from - 1), ...appended];
          durableState = hardState;
        }
        if (failing || random.chance(0.1)) {
          // A failed fsync leaves nothing known about the files: the member must restart.
          crash(disk);
          storage = await open(disk);
          const where = `seed ${seed} round ${round}`;
          const { hardState: recovered } = storage.initialState();
          expect(recovered.term, where).toBeGreaterThanOrEqual(durableState.term);
          if (recovered.term === durableState.term) expect(recovered.vote, where).toBe(durableState.vote);
          expect(recovered.commit, where).toBeGreaterThanOrEqual(durableState.commit);
          // Every acknowledged entry is still there, except a suffix that the failed persist was
          // replacing, and that only once its new term is durable (Raft lets a member drop an
          // entry it acknowledged only for a leader of a later term).
          const replacedTermMax = Math.max(0, ...durableLog.slice(from - 1).map((replaced) => replaced.term));
          const kept =
            outcome === "failed" && recovered.term > replacedTermMax
              ? Math.min(durableLog.length, from - 1)
              : durableLog.length;
          expect(storage.lastIndex(), where).toBeGreaterThanOrEqual(kept);
          expect(storage.entries(1, kept + 1, 1 << 30), where).toEqual(durableLog.slice(0, kept));
          durableLog = storage.entries(1, storage.lastIndex() + 1, 1 << 30);
          durableState = recovered;
        }
      }
      await storage.close();
    }
  });
});
