import { mkdir, open, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { isRillError, RillError } from "@rill/protocol";
import {
  type DataDirIdentity,
  dataDirIdentityVersion,
  decodeIdentity,
  encodeIdentity,
  identityFileName,
  validateIdentity,
} from "./identity.js";
import { lockDataDir } from "./lock.js";

export interface FormatDataDirOptions {
  readonly dataDir: string;
  readonly nodeId: number;
  readonly clusterId: string;
  /**
   * Like `kafka-storage format --ignore-formatted`: a dir that is already formatted is left as it
   * is (whatever its identity) instead of failing. A corrupt identity file still fails.
   */
  readonly ignoreFormatted?: boolean;
}

export interface FormatDataDirResult {
  /** `formatted`: written now; `already-formatted`: an identity was there and was kept. */
  readonly outcome: "formatted" | "already-formatted";
  readonly identity: DataDirIdentity;
  readonly dataDir: string;
}

function unformatted(dataDir: string): RillError {
  return new RillError(
    "INVALID_DATA_DIR",
    `data dir ${dataDir} is not formatted; run \`rill storage format --data-dir ${dataDir} --node-id N --cluster-id ID\``,
    { details: { dataDir } },
  );
}

/** The identity in `dataDir`, or undefined when the dir or its identity file does not exist. */
async function readIdentityIfAny(dataDir: string): Promise<DataDirIdentity | undefined> {
  const filePath = join(dataDir, identityFileName);
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") {
      throw new RillError("INVALID_DATA_DIR", `data dir ${dataDir} is not a directory`, {
        details: { dataDir },
      });
    }
    throw new RillError("INVALID_DATA_DIR", `cannot read ${filePath}: ${(error as Error).message}`, {
      cause: error,
      details: { dataDir },
    });
  }
  return decodeIdentity(text, filePath);
}

/**
 * Reads and checks a data dir's identity at start-up. Refuses (INVALID_DATA_DIR) an unformatted
 * dir, a corrupt identity file, and a foreign dir (another node id or cluster id than expected).
 * A process never formats its dir itself: that is the operator's explicit `rill storage format`.
 */
export async function readDataDirIdentity(
  dataDir: string,
  expected: { readonly expectedNodeId?: number; readonly expectedClusterId?: string } = {},
): Promise<DataDirIdentity> {
  const identity = await readIdentityIfAny(dataDir);
  if (identity === undefined) throw unformatted(dataDir);
  if (expected.expectedClusterId !== undefined && identity.clusterId !== expected.expectedClusterId) {
    throw new RillError(
      "INVALID_DATA_DIR",
      `data dir ${dataDir} belongs to cluster ${identity.clusterId}, not to cluster ${expected.expectedClusterId}`,
      { details: { dataDir, clusterId: identity.clusterId, expectedClusterId: expected.expectedClusterId } },
    );
  }
  if (expected.expectedNodeId !== undefined && identity.nodeId !== expected.expectedNodeId) {
    throw new RillError(
      "INVALID_DATA_DIR",
      `data dir ${dataDir} belongs to node ${identity.nodeId}, not to node ${expected.expectedNodeId}`,
      { details: { dataDir, nodeId: identity.nodeId, expectedNodeId: expected.expectedNodeId } },
    );
  }
  return identity;
}

/** Writes a file so that a crash leaves either the old content or the new, never a torn file. */
async function writeFileAtomically(dir: string, name: string, text: string): Promise<void> {
  const tempPath = join(dir, `${name}.tmp`);
  const handle = await open(tempPath, "w");
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, join(dir, name));
  // The rename is durable only once the directory entry is.
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/**
 * Formats a data dir with a node's identity (creating the dir if needed), holding the dir's lock
 * so that a running process's dir is never reformatted under it. Formatting again with the same
 * identity is a no-op (`already-formatted`); with another identity it fails unless
 * `ignoreFormatted` is set, in which case the existing identity is kept.
 */
export async function formatDataDir(options: FormatDataDirOptions): Promise<FormatDataDirResult> {
  const { dataDir, nodeId, clusterId } = options;
  validateIdentity({ nodeId, clusterId });
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    throw new RillError(
      "INVALID_DATA_DIR",
      `cannot create data dir ${dataDir}: ${(error as Error).message}`,
      {
        cause: error,
        details: { dataDir },
      },
    );
  }
  const lock = await lockDataDir(dataDir);
  try {
    const existing = await readIdentityIfAny(dataDir);
    if (existing !== undefined) {
      const same = existing.nodeId === nodeId && existing.clusterId === clusterId;
      if (same || options.ignoreFormatted === true) {
        return { outcome: "already-formatted", identity: existing, dataDir };
      }
      throw new RillError(
        "INVALID_DATA_DIR",
        `data dir ${dataDir} is already formatted for node ${existing.nodeId} of cluster ${existing.clusterId}; ` +
          "use another dir, or --ignore-formatted to keep the existing identity",
        { details: { dataDir, nodeId: existing.nodeId, clusterId: existing.clusterId } },
      );
    }
    const identity: DataDirIdentity = { version: dataDirIdentityVersion, nodeId, clusterId };
    await writeFileAtomically(dataDir, identityFileName, encodeIdentity(identity));
    return { outcome: "formatted", identity, dataDir };
  } finally {
    await lock.release();
  }
}

/** What `rill storage info` shows: the identity, or why there is none. */
export async function describeDataDir(
  dataDir: string,
): Promise<{ formatted: true; identity: DataDirIdentity } | { formatted: false; reason: string }> {
  try {
    const identity = await readIdentityIfAny(dataDir);
    return identity === undefined
      ? { formatted: false, reason: unformatted(dataDir).message }
      : { formatted: true, identity };
  } catch (error) {
    if (isRillError(error, "INVALID_DATA_DIR")) return { formatted: false, reason: error.message };
    throw error;
  }
}
