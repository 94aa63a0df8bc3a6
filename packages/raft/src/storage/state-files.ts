/**
 * Layouts of the small checksummed files in a Raft data dir: the hard state, the member's identity
 * and bootstrap membership ("meta"), and snapshots. Each is `magic, version, body, crc32c(all
 * before)`; a bad magic, version, length or checksum is corruption and the node refuses to start.
 */

import { crc32c } from "@rill/protocol";
import { NODE_ID_MAX, nodeId } from "@rill/protocol/ids";
import { ENDPOINT_ADDRESS_BYTES_MAX } from "../core/membership.js";
import type { HardState, MemberEndpoint, MembershipConfig, NodeId, Snapshot } from "../core/types.js";
import { ByteReader, ByteWriter, corruptDataDir } from "./bytes.js";

const HARD_STATE_MAGIC = 0x52464853; // "RFHS"
const META_MAGIC = 0x52464d54; // "RFMT"
const SNAPSHOT_MAGIC = 0x5246534e; // "RFSN"
/** Version 2 added members' endpoints after the learners; version 1 files are still read. */
const FORMAT_VERSION = 2;
const FORMAT_VERSIONS_READ = [1, 2];
/** A membership larger than this in a file is corruption, not a cluster. */
const MEMBERS_MAX = 1024;

/** Who this member is and the membership it was formatted with (before any snapshot). */
export interface StorageMeta {
  readonly nodeId: NodeId;
  readonly bootstrapConfig: MembershipConfig;
}

function seal(writer: ByteWriter): Uint8Array {
  const body = writer.finish();
  const sealed = new Uint8Array(body.length + 4);
  sealed.set(body);
  new DataView(sealed.buffer).setUint32(body.length, crc32c(body));
  return sealed;
}

/** Verifies the trailing checksum and the header; returns a reader positioned on the body. */
function unseal(bytes: Uint8Array, magic: number, what: string): { reader: ByteReader; version: number } {
  if (bytes.length < 9) throw corruptDataDir(`${what}: ${bytes.length} bytes is too short`);
  const bodyEnd = bytes.length - 4;
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bodyEnd);
  if (crc32c(bytes, 0, bodyEnd) !== stored) throw corruptDataDir(`${what}: checksum mismatch`);
  const reader = new ByteReader(bytes, what, 0, bodyEnd);
  if (reader.u32() !== magic) throw corruptDataDir(`${what}: bad magic`);
  const version = reader.u8();
  if (!FORMAT_VERSIONS_READ.includes(version))
    throw corruptDataDir(`${what}: unknown format version ${version}`);
  return { reader, version };
}

function writeConfig(writer: ByteWriter, config: MembershipConfig): void {
  writer.u32(config.voters.length);
  for (const id of config.voters) writer.u64(id);
  writer.u32(config.learners.length);
  for (const id of config.learners) writer.u64(id);
  const endpoints = config.endpoints ?? [];
  writer.u32(endpoints.length);
  for (const endpoint of endpoints) {
    const address = new TextEncoder().encode(endpoint.address);
    if (address.length > ENDPOINT_ADDRESS_BYTES_MAX)
      throw new RangeError(`endpoint ${endpoint.address} too long`);
    writer.u64(endpoint.nodeId).u8(address.length).bytes(address);
  }
}

/** A node id (or the vote's RAFT_NO_NODE, 0) from a file, branded here; out of range is corruption. */
function readNodeId(reader: ByteReader, what: string): NodeId {
  const value = reader.u64();
  if (value > NODE_ID_MAX) throw corruptDataDir(`${what}: node id ${value}`);
  return nodeId(value);
}

function readConfig(reader: ByteReader, version: number, what: string): MembershipConfig {
  const readIds = (): NodeId[] => {
    const count = reader.u32();
    if (count > MEMBERS_MAX) throw corruptDataDir(`${what}: ${count} members`);
    return Array.from({ length: count }, () => readNodeId(reader, what));
  };
  const voters = readIds();
  const learners = readIds();
  if (version < 2) return { voters, learners };
  const count = reader.u32();
  if (count > MEMBERS_MAX) throw corruptDataDir(`${what}: ${count} endpoints`);
  const endpoints: MemberEndpoint[] = [];
  for (let i = 0; i < count; i++) {
    const member = readNodeId(reader, what);
    const address = new TextDecoder().decode(reader.bytes(reader.u8()));
    endpoints.push({ nodeId: member, address });
  }
  return endpoints.length === 0 ? { voters, learners } : { voters, learners, endpoints };
}

export function encodeHardState(state: HardState): Uint8Array {
  return seal(
    new ByteWriter(64)
      .u32(HARD_STATE_MAGIC)
      .u8(FORMAT_VERSION)
      .u64(state.term)
      .u64(state.vote)
      .u64(state.commit),
  );
}

export function decodeHardState(bytes: Uint8Array): HardState {
  const { reader } = unseal(bytes, HARD_STATE_MAGIC, "hard-state");
  const state = { term: reader.u64(), vote: readNodeId(reader, "hard-state"), commit: reader.u64() };
  if (reader.remaining !== 0) throw corruptDataDir("hard-state: trailing bytes");
  return state;
}

export function encodeMeta(meta: StorageMeta): Uint8Array {
  const writer = new ByteWriter(128).u32(META_MAGIC).u8(FORMAT_VERSION).u64(meta.nodeId);
  writeConfig(writer, meta.bootstrapConfig);
  return seal(writer);
}

export function decodeMeta(bytes: Uint8Array): StorageMeta {
  const { reader, version } = unseal(bytes, META_MAGIC, "meta");
  const self = readNodeId(reader, "meta");
  const bootstrapConfig = readConfig(reader, version, "meta");
  if (reader.remaining !== 0) throw corruptDataDir("meta: trailing bytes");
  return { nodeId: self, bootstrapConfig };
}

export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  const writer = new ByteWriter(snapshot.data.length + 128)
    .u32(SNAPSHOT_MAGIC)
    .u8(FORMAT_VERSION)
    .u64(snapshot.metadata.index)
    .u64(snapshot.metadata.term);
  writeConfig(writer, snapshot.metadata.config);
  writer.u64(snapshot.data.length).bytes(snapshot.data);
  return seal(writer);
}

export function decodeSnapshot(bytes: Uint8Array, what: string): Snapshot {
  const { reader, version } = unseal(bytes, SNAPSHOT_MAGIC, what);
  const index = reader.u64();
  const term = reader.u64();
  const config = readConfig(reader, version, what);
  const dataBytes = reader.u64();
  if (dataBytes !== reader.remaining)
    throw corruptDataDir(`${what}: data length ${dataBytes} does not match the file`);
  const data = reader.bytes(dataBytes).slice();
  return { metadata: { index, term, config }, data };
}
