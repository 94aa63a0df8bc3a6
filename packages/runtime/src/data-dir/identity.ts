import { createHash, randomBytes } from "node:crypto";
import { RillError } from "@rill/protocol";

/**
 * The identity written into a data dir by `rill storage format` (KRaft's `meta.properties`): which
 * node the dir belongs to and in which cluster. A process refuses a dir whose identity is not its
 * own, so a mis-pointed `--data-dir` can never mix two nodes' or two clusters' data.
 */
export interface DataDirIdentity {
  readonly version: number;
  readonly nodeId: number;
  readonly clusterId: string;
}

/** The only identity file format written and read today. */
export const dataDirIdentityVersion = 1;
export const identityFileName = "meta.properties";
export const nodeIdMax = 2_147_483_647;

const clusterIdPattern = /^[A-Za-z0-9_-]{22}$/;
const clusterIdBytes = 16;

/** A new cluster id: base64url of 16 random bytes, like Kafka's `Uuid.randomUuid().toString()`. */
export function randomClusterId(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(clusterIdBytes);
  if (bytes.length !== clusterIdBytes) throw new Error(`random source returned ${bytes.length} bytes`);
  return Buffer.from(bytes).toString("base64url");
}

/** Why a cluster id is not acceptable, or undefined when it is (22 base64url characters = 16 bytes). */
export function clusterIdProblem(clusterId: string): string | undefined {
  if (!clusterIdPattern.test(clusterId)) {
    return `cluster id '${clusterId}' is not 22 base64url characters (16 bytes); make one with \`rill storage random-cluster-id\``;
  }
  // 22 characters carry 132 bits: the last character must leave the 4 padding bits zero.
  if (Buffer.from(Buffer.from(clusterId, "base64url")).toString("base64url") !== clusterId) {
    return `cluster id '${clusterId}' is not the canonical base64url form of 16 bytes`;
  }
  return undefined;
}

export function nodeIdProblem(nodeId: number): string | undefined {
  if (!Number.isSafeInteger(nodeId) || nodeId < 0 || nodeId > nodeIdMax) {
    return `node id ${nodeId} is not an integer from 0 to ${nodeIdMax}`;
  }
  return undefined;
}

export function validateIdentity(identity: { nodeId: number; clusterId: string }): void {
  const problem = nodeIdProblem(identity.nodeId) ?? clusterIdProblem(identity.clusterId);
  if (problem !== undefined) throw new RillError("INVALID_DATA_DIR", problem);
}

function checksumOf(body: string): string {
  return `sha256:${createHash("sha256").update(body, "utf8").digest("hex")}`;
}

function bodyLines(identity: DataDirIdentity): string {
  return [`version=${identity.version}`, `node.id=${identity.nodeId}`, `cluster.id=${identity.clusterId}`]
    .map((line) => `${line}\n`)
    .join("");
}

/** The file's text: a comment, the identity, and a checksum over the identity lines. */
export function encodeIdentity(identity: DataDirIdentity): string {
  const body = bodyLines(identity);
  return `# Rill data-dir identity, written by \`rill storage format\`. Do not edit.\n${body}checksum=${checksumOf(body)}\n`;
}

/**
 * Parses the identity file's text; any deviation (missing or unknown key, bad number, wrong
 * checksum, unknown version) throws INVALID_DATA_DIR naming the file and the problem.
 */
export function decodeIdentity(text: string, filePath: string): DataDirIdentity {
  const corrupt = (problem: string) =>
    new RillError("INVALID_DATA_DIR", `${filePath} is corrupt: ${problem}`, { details: { filePath } });
  const values = new Map<string, string>();
  for (const [index, rawLine] of text.split("\n").entries()) {
    const line = rawLine.trim();
    if (line.length === 0 || line.startsWith("#")) continue;
    const equals = line.indexOf("=");
    if (equals <= 0) throw corrupt(`line ${index + 1} is not key=value`);
    const key = line.slice(0, equals);
    if (values.has(key)) throw corrupt(`key '${key}' appears twice`);
    values.set(key, line.slice(equals + 1));
  }
  for (const key of values.keys()) {
    if (!["version", "node.id", "cluster.id", "checksum"].includes(key))
      throw corrupt(`unknown key '${key}'`);
  }
  const field = (key: string): string => {
    const value = values.get(key);
    if (value === undefined) throw corrupt(`missing '${key}'`);
    return value;
  };
  const versionText = field("version");
  if (!/^\d+$/.test(versionText)) throw corrupt(`version '${versionText}' is not a number`);
  const version = Number(versionText);
  if (version !== dataDirIdentityVersion) {
    throw corrupt(`version ${version} is not supported (this Rill reads version ${dataDirIdentityVersion})`);
  }
  const nodeIdText = field("node.id");
  const clusterId = field("cluster.id");
  const checksum = field("checksum");
  if (!/^\d+$/.test(nodeIdText)) throw corrupt(`node.id '${nodeIdText}' is not a number`);
  const identity: DataDirIdentity = { version, nodeId: Number(nodeIdText), clusterId };
  if (checksumOf(bodyLines(identity)) !== checksum) throw corrupt("checksum mismatch");
  const problem = nodeIdProblem(identity.nodeId) ?? clusterIdProblem(identity.clusterId);
  if (problem !== undefined) throw corrupt(problem);
  return identity;
}
