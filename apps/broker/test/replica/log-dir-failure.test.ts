import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FaultInjectingFileSystem, NodeFileSystem } from "@rill/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LogDirFailureDetector } from "../../src/replica/log-dir-failure.js";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "rill-log-dir-failure-"));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("LogDirFailureDetector", () => {
  it("reports a failed write, fdatasync or directory sync, and still throws it to the caller", async () => {
    const faults = new FaultInjectingFileSystem(new NodeFileSystem());
    const failures: string[] = [];
    const fileSystem = new LogDirFailureDetector(faults, (error, operation) =>
      failures.push(`${operation}:${(error as NodeJS.ErrnoException).code}`),
    );
    const file = await fileSystem.open(join(directory, "00000000000000000000.log"), { create: true });
    await file.write([Buffer.from("ok")], 0);
    await file.datasync();
    expect(failures).toEqual([]);
    faults.policy = (operation) => (operation === "read" ? undefined : "EIO");
    await expect(file.write([Buffer.from("lost")], 2)).rejects.toThrow(/EIO/);
    await expect(file.datasync()).rejects.toThrow(/EIO/);
    await expect(fileSystem.syncDirectory(directory)).rejects.toThrow(/EIO/);
    expect(failures).toEqual(["write:EIO", "datasync:EIO", "syncDirectory:EIO"]);
    // Reads are not watched (a read may race a segment's deletion).
    await file.read(Buffer.alloc(2), 0, 2, 0);
    await file.close();
  });

  it("does not take a missing file (a race with its deletion) for a failed disk", async () => {
    const failures: unknown[] = [];
    const fileSystem = new LogDirFailureDetector(new NodeFileSystem(), (error) => failures.push(error));
    await expect(fileSystem.rename(join(directory, "gone"), join(directory, "other"))).rejects.toThrow(
      /ENOENT/,
    );
    expect(failures).toEqual([]);
  });
});
