import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeFileSystem } from "../src/fs/node-file-system.js";
import { PowerLossFileSystem } from "../src/fs/power-loss-file-system.js";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "rill-power-loss-"));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("PowerLossFileSystem (test-only lost-write layer)", () => {
  it("cuts each file back to what an fdatasync covered, and keeps what it covered", async () => {
    const fileSystem = new PowerLossFileSystem(new NodeFileSystem());
    const synced = join(directory, "synced.log");
    const file = await fileSystem.open(synced, { create: true });
    await file.write([Buffer.from("durable-")], 0);
    await file.datasync();
    await file.write([Buffer.from("lost")], 8);
    const neverSynced = await fileSystem.open(join(directory, "never.log"), { create: true });
    await neverSynced.write([Buffer.from("all of it")], 0);

    expect(fileSystem.dropUnsyncedWrites()).toBe(4 + 9);

    expect((await readFile(synced)).toString()).toBe("durable-");
    expect((await stat(join(directory, "never.log"))).size).toBe(0);
    await file.close();
    await neverSynced.close();
  });

  it("follows renames (an atomic checkpoint keeps its synced bytes) and truncations", async () => {
    const fileSystem = new PowerLossFileSystem(new NodeFileSystem());
    const temporary = join(directory, "checkpoint.tmp");
    const file = await fileSystem.open(temporary, { create: true });
    await file.write([Buffer.from("checkpoint")], 0);
    await file.datasync();
    await file.close();
    await fileSystem.rename(temporary, join(directory, "checkpoint"));

    const log = await fileSystem.open(join(directory, "segment.log"), { create: true });
    await log.write([Buffer.from("0123456789")], 0);
    await log.datasync();
    await log.truncate(4);
    await log.write([Buffer.from("ab")], 4);

    fileSystem.dropUnsyncedWrites();
    expect((await readFile(join(directory, "checkpoint"))).toString()).toBe("checkpoint");
    expect((await readFile(join(directory, "segment.log"))).toString()).toBe("0123");
    await log.close();
  });

  it("counts a file that existed before it was opened as synced", async () => {
    const plain = await new NodeFileSystem().open(join(directory, "old.log"), { create: true });
    await plain.write([Buffer.from("from before")], 0);
    await plain.close();
    const fileSystem = new PowerLossFileSystem(new NodeFileSystem());
    const file = await fileSystem.open(join(directory, "old.log"), { create: false });
    await file.write([Buffer.from("+new")], 11);
    fileSystem.dropUnsyncedWrites();
    expect((await readFile(join(directory, "old.log"))).toString()).toBe("from before");
    await file.close();
  });
});

describe("PowerLossFileSystem.cutAfterNextWrite", () => {
  it("cuts right after the next write returns, once, with that write not yet synced", async () => {
    const fileSystem = new PowerLossFileSystem(new NodeFileSystem());
    const path = join(directory, "segment.log");
    const file = await fileSystem.open(path, { create: true });
    await file.write([Buffer.from("synced")], 0);
    await file.datasync();
    const dropped: number[] = [];
    fileSystem.cutAfterNextWrite(() => dropped.push(fileSystem.dropUnsyncedWrites()));
    await file.write([Buffer.from("+cut")], 6);
    await file.write([Buffer.from("+kept")], 10);
    expect(dropped).toEqual([4]);
    expect((await readFile(path)).toString().slice(0, 6)).toBe("synced");
    await file.close();
  });
});
