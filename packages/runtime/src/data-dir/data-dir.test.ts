import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRillError } from "@rill/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDataDir, readDataDirIdentity } from "./format.js";
import {
  clusterIdProblem,
  decodeIdentity,
  encodeIdentity,
  identityFileName,
  randomClusterId,
} from "./identity.js";
import { lockDataDir, lockFileName, readLockHolder } from "./lock.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "rill-data-dir-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function invalidDataDir(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(isRillError(error, "INVALID_DATA_DIR")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected INVALID_DATA_DIR");
}

describe("randomClusterId", () => {
  it("is base64url of 16 bytes and accepted as a cluster id", () => {
    const id = randomClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, "base64url")).toHaveLength(16);
    expect(clusterIdProblem(id)).toBeUndefined();
    expect(randomClusterId(() => new Uint8Array(16))).toBe("AAAAAAAAAAAAAAAAAAAAAA");
  });

  it("rejects ids that are not 16 bytes of base64url", () => {
    expect(clusterIdProblem("short")).toMatch(/not 22 base64url characters/);
    expect(clusterIdProblem("AAAAAAAAAAAAAAAAAAAAA+")).toMatch(/not 22 base64url characters/);
    expect(clusterIdProblem("AAAAAAAAAAAAAAAAAAAAAB")).toMatch(/canonical/);
  });
});

describe("identity file", () => {
  it("round-trips and detects any edit by its checksum", () => {
    const identity = { version: 1, nodeId: 7, clusterId: randomClusterId() };
    const text = encodeIdentity(identity);
    expect(decodeIdentity(text, "f")).toEqual(identity);
    expect(() => decodeIdentity(text.replace("node.id=7", "node.id=8"), "f")).toThrow(
      /f is corrupt: checksum mismatch/,
    );
    expect(() => decodeIdentity(text.replace("version=1", "version=9"), "f")).toThrow(
      /version 9 is not supported/,
    );
    expect(() => decodeIdentity(text.replace(/checksum=.*\n/, ""), "f")).toThrow(/missing 'checksum'/);
    expect(() => decodeIdentity(`${text}extra=1\n`, "f")).toThrow(/unknown key 'extra'/);
    expect(() => decodeIdentity("garbage", "f")).toThrow(/line 1 is not key=value/);
  });
});

describe("formatDataDir and readDataDirIdentity", () => {
  it("formats a new dir (creating it) and reads the identity back", async () => {
    const dataDir = join(root, "a", "b");
    const clusterId = randomClusterId();
    const result = await formatDataDir({ dataDir, nodeId: 1, clusterId });
    expect(result.outcome).toBe("formatted");
    expect(readFileSync(join(dataDir, identityFileName), "utf8")).toContain(`cluster.id=${clusterId}`);
    const identity = await readDataDirIdentity(dataDir, { expectedNodeId: 1, expectedClusterId: clusterId });
    expect(identity).toEqual({ version: 1, nodeId: 1, clusterId });
    // The lock taken while formatting is released.
    expect(await readLockHolder(dataDir)).toBeUndefined();
  });

  it("refuses an unformatted dir, with the command to fix it", async () => {
    expect(await invalidDataDir(readDataDirIdentity(root))).toMatch(
      /is not formatted; run `rill storage format/,
    );
    expect(await invalidDataDir(readDataDirIdentity(join(root, "missing")))).toMatch(/is not formatted/);
  });

  it("refuses a foreign dir: another cluster or another node", async () => {
    const clusterId = randomClusterId();
    await formatDataDir({ dataDir: root, nodeId: 1, clusterId });
    const other = randomClusterId();
    expect(await invalidDataDir(readDataDirIdentity(root, { expectedClusterId: other }))).toBe(
      `data dir ${root} belongs to cluster ${clusterId}, not to cluster ${other}`,
    );
    expect(await invalidDataDir(readDataDirIdentity(root, { expectedNodeId: 2 }))).toBe(
      `data dir ${root} belongs to node 1, not to node 2`,
    );
  });

  it("refuses a corrupt identity file", async () => {
    await formatDataDir({ dataDir: root, nodeId: 1, clusterId: randomClusterId() });
    const path = join(root, identityFileName);
    writeFileSync(path, readFileSync(path, "utf8").replace("node.id=1", "node.id=2"));
    expect(await invalidDataDir(readDataDirIdentity(root))).toBe(`${path} is corrupt: checksum mismatch`);
    writeFileSync(path, "");
    expect(await invalidDataDir(readDataDirIdentity(root))).toMatch(/is corrupt: missing 'version'/);
  });

  it("is idempotent for the same identity and refuses another unless ignoreFormatted", async () => {
    const clusterId = randomClusterId();
    await formatDataDir({ dataDir: root, nodeId: 1, clusterId });
    expect((await formatDataDir({ dataDir: root, nodeId: 1, clusterId })).outcome).toBe("already-formatted");
    expect(await invalidDataDir(formatDataDir({ dataDir: root, nodeId: 2, clusterId }))).toMatch(
      /is already formatted for node 1 of cluster .*--ignore-formatted/,
    );
    const kept = await formatDataDir({
      dataDir: root,
      nodeId: 2,
      clusterId: randomClusterId(),
      ignoreFormatted: true,
    });
    expect(kept).toMatchObject({ outcome: "already-formatted", identity: { nodeId: 1, clusterId } });
    expect((await readDataDirIdentity(root)).nodeId).toBe(1);
  });

  it("validates the identity before touching the disk", async () => {
    const dataDir = join(root, "never");
    expect(
      await invalidDataDir(formatDataDir({ dataDir, nodeId: -1, clusterId: randomClusterId() })),
    ).toMatch(/node id -1 is not an integer/);
    expect(await invalidDataDir(formatDataDir({ dataDir, nodeId: 1, clusterId: "x" }))).toMatch(
      /cluster id 'x'/,
    );
    expect(await invalidDataDir(readDataDirIdentity(dataDir))).toMatch(/not formatted/);
  });

  it("refuses to format a dir locked by a live process", async () => {
    const lock = await lockDataDir(root);
    try {
      expect(
        await invalidDataDir(formatDataDir({ dataDir: root, nodeId: 1, clusterId: randomClusterId() })),
      ).toMatch(/is locked by running process/);
    } finally {
      await lock.release();
    }
  });
});

describe("lockDataDir", () => {
  it("writes our pid, refuses a second holder, and releases", async () => {
    const lock = await lockDataDir(root);
    expect(await readLockHolder(root)).toBe(process.pid);
    expect(await invalidDataDir(lockDataDir(root))).toBe(
      `data dir ${root} is locked by running process ${process.pid} (${join(root, lockFileName)}); is another Rill process using it?`,
    );
    await lock.release();
    expect(await readLockHolder(root)).toBeUndefined();
    const again = await lockDataDir(root);
    await again.release();
  });

  it("fails with INVALID_DATA_DIR when the dir does not exist", async () => {
    expect(await invalidDataDir(lockDataDir(join(root, "missing")))).toMatch(
      /^cannot lock data dir .*missing: ENOENT/,
    );
  });

  it("refuses a lock held by another live process", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const childPid = child.pid ?? -1;
      writeFileSync(join(root, lockFileName), `pid=${childPid}\nhost=x\n`);
      expect(await invalidDataDir(lockDataDir(root))).toMatch(
        new RegExp(`locked by running process ${childPid}`),
      );
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("takes over a stale lock left by a dead process", async () => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    const deadPid = child.pid ?? -1;
    await new Promise<void>((resolve) => child.once("exit", () => resolve()));
    writeFileSync(join(root, lockFileName), `pid=${deadPid}\nhost=x\n`);
    const lock = await lockDataDir(root);
    expect(await readLockHolder(root)).toBe(process.pid);
    await lock.release();
  });

  it("takes over an unreadable lock file and does not release a lock that is no longer ours", async () => {
    writeFileSync(join(root, lockFileName), "garbage");
    const lock = await lockDataDir(root);
    // Someone else's lock replaced ours (e.g. an operator removed it and another process started).
    writeFileSync(join(root, lockFileName), "pid=1\n");
    await lock.release();
    expect(await readLockHolder(root)).toBe(1);
  });
});
