import { crc32c } from "@rill/protocol";
import { NODE_ID_MAX, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import type { MembershipConfig, Snapshot } from "../../src/core/types.js";
import {
  decodeMeta,
  decodeSnapshot,
  encodeMeta,
  encodeSnapshot,
  type StorageMeta,
} from "../../src/storage/state-files.js";

const withEndpoints: MembershipConfig = {
  voters: [nodeId(1), nodeId(2), nodeId(3)],
  learners: [nodeId(4)],
  endpoints: [
    { nodeId: nodeId(1), address: "127.0.0.1:9093" },
    { nodeId: nodeId(4), address: "ctrl-4:9093" },
  ],
};

/** A version-1 file (before endpoints) of a config without endpoints, as an older build wrote it. */
function asVersion1(encodedWithoutEndpoints: Uint8Array, endpointCountAt: number): Uint8Array {
  const body = new Uint8Array(encodedWithoutEndpoints.length - 4 - 4);
  body.set(encodedWithoutEndpoints.subarray(0, endpointCountAt));
  body.set(
    encodedWithoutEndpoints.subarray(endpointCountAt + 4, encodedWithoutEndpoints.length - 4),
    endpointCountAt,
  );
  body[4] = 1; // the version byte after the 4-byte magic
  const sealed = new Uint8Array(body.length + 4);
  sealed.set(body);
  new DataView(sealed.buffer).setUint32(body.length, crc32c(body));
  return sealed;
}

describe("raft state files with endpoints", () => {
  it("round-trips the bootstrap config's endpoints in the meta file", () => {
    const meta: StorageMeta = { nodeId: nodeId(4), bootstrapConfig: withEndpoints };
    expect(decodeMeta(encodeMeta(meta))).toEqual(meta);
  });

  it("round-trips a snapshot's membership endpoints", () => {
    const snapshot: Snapshot = {
      metadata: { index: 9, term: 2, config: withEndpoints },
      data: new Uint8Array([7]),
    };
    expect(decodeSnapshot(encodeSnapshot(snapshot), "snapshot")).toEqual(snapshot);
  });

  it("reads a version-1 meta file as a config without endpoints", () => {
    const meta: StorageMeta = {
      nodeId: nodeId(2),
      bootstrapConfig: { voters: [1, 2, 3].map(nodeId), learners: [] },
    };
    // magic 4 + version 1 + node id 8 + voters 4 + 3×8 + learners 4 = 45: where the endpoint count starts
    const v1 = asVersion1(encodeMeta(meta), 45);
    expect(decodeMeta(v1)).toEqual(meta);
  });

  it("refuses a corrupt endpoint count", () => {
    const bytes = encodeMeta({ nodeId: nodeId(2), bootstrapConfig: { voters: [nodeId(1)], learners: [] } });
    const body = bytes.slice(0, bytes.length - 4);
    new DataView(body.buffer).setUint32(body.length - 4, 100_000);
    const sealed = new Uint8Array(bytes.length);
    sealed.set(body);
    new DataView(sealed.buffer).setUint32(body.length, crc32c(body));
    expect(() => decodeMeta(sealed)).toThrow(/endpoints/);
  });

  it("refuses a node id beyond NODE_ID_MAX instead of branding it", () => {
    const bytes = encodeMeta({ nodeId: nodeId(2), bootstrapConfig: { voters: [nodeId(1)], learners: [] } });
    const body = bytes.slice(0, bytes.length - 4);
    // magic 4 + version 1: the member's own id, a u64, starts at byte 5.
    new DataView(body.buffer).setBigUint64(5, BigInt(NODE_ID_MAX) + 1n);
    const sealed = new Uint8Array(bytes.length);
    sealed.set(body);
    new DataView(sealed.buffer).setUint32(body.length, crc32c(body));
    expect(() => decodeMeta(sealed)).toThrow(/meta: node id 2147483648/);
  });
});
