import { NODE_ID_MAX, nodeId } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import {
  applyConfigChange,
  decodeConfigChange,
  ENDPOINT_ADDRESS_BYTES_MAX,
  encodeConfigChange,
  endpointOf,
} from "../../src/core/membership.js";
import type { ConfigChange, MembershipConfig } from "../../src/core/types.js";
import { memberAddresses } from "../../src/transport/member-addresses.js";
import type { PeerAddress } from "../../src/transport/transport.js";

const initial: MembershipConfig = { voters: [nodeId(1), nodeId(2), nodeId(3)], learners: [] };

describe("config change encoding with endpoints", () => {
  it.each<ConfigChange>([
    { type: "add-learner", nodeId: nodeId(4), address: "127.0.0.4:9093" },
    { type: "promote-learner", nodeId: nodeId(4), address: "ctrl-4.rill.internal:19093" },
    { type: "add-learner", nodeId: nodeId(NODE_ID_MAX) },
    { type: "remove-node", nodeId: nodeId(2) },
  ])("round-trips %o", (change) => {
    expect(decodeConfigChange(encodeConfigChange(change))).toEqual(change);
  });

  it("reads a 5-byte entry written before endpoints existed as a change without an address", () => {
    const legacy = new Uint8Array([0, 0, 0, 0, 4]);
    expect(decodeConfigChange(legacy)).toEqual({ type: "add-learner", nodeId: 4 });
    // And writes the same 5 bytes for a change without an address.
    expect([...encodeConfigChange({ type: "add-learner", nodeId: nodeId(4) })]).toEqual([...legacy]);
  });

  it("refuses an address longer than the limit and a truncated entry", () => {
    const long = `${"h".repeat(ENDPOINT_ADDRESS_BYTES_MAX)}:1`;
    expect(() => encodeConfigChange({ type: "add-learner", nodeId: nodeId(4), address: long })).toThrow(
      /address/,
    );
    const encoded = encodeConfigChange({ type: "add-learner", nodeId: nodeId(4), address: "a:1" });
    expect(() => decodeConfigChange(encoded.subarray(0, encoded.length - 1))).toThrow(/address length/);
  });
});

describe("endpoints in the membership", () => {
  it("an added member's address is replicated with it, kept on promotion and dropped on removal", () => {
    const learner = applyConfigChange(initial, {
      type: "add-learner",
      nodeId: nodeId(4),
      address: "h4:9093",
    });
    expect(learner).toEqual({
      voters: [1, 2, 3],
      learners: [4],
      endpoints: [{ nodeId: 4, address: "h4:9093" }],
    });
    const voter = applyConfigChange(learner, { type: "promote-learner", nodeId: nodeId(4) });
    expect(endpointOf(voter, nodeId(4))).toBe("h4:9093");
    expect(voter.voters).toEqual([1, 2, 3, 4]);
    const moved = applyConfigChange(applyConfigChange(voter, { type: "remove-node", nodeId: nodeId(4) }), {
      type: "add-learner",
      nodeId: nodeId(4),
      address: "h4-new:9093",
    });
    expect(moved.endpoints).toEqual([{ nodeId: 4, address: "h4-new:9093" }]);
    // Without endpoints a membership looks as it did before they existed.
    expect(applyConfigChange(voter, { type: "remove-node", nodeId: nodeId(4) })).toEqual(initial);
  });

  it("keeps endpoints sorted by node id", () => {
    const withFive = applyConfigChange(initial, { type: "add-learner", nodeId: nodeId(5), address: "h5:1" });
    const both = applyConfigChange(withFive, { type: "add-learner", nodeId: nodeId(4), address: "h4:1" });
    expect(both.endpoints?.map((e) => e.nodeId)).toEqual([4, 5]);
  });
});

describe("memberAddresses", () => {
  const configured: PeerAddress[] = [
    { nodeId: nodeId(1), address: "c1:9093" },
    { nodeId: nodeId(2), address: "c2:9093" },
    { nodeId: nodeId(3), address: "c3:9093" },
  ];

  it("takes a member's endpoint from the log over the configured address", () => {
    const membership: MembershipConfig = {
      voters: [nodeId(1), nodeId(2), nodeId(3)],
      learners: [nodeId(4)],
      endpoints: [
        { nodeId: nodeId(2), address: "moved-2:9093" },
        { nodeId: nodeId(4), address: "h4:9093" },
      ],
    };
    expect(memberAddresses(membership, configured)).toEqual({
      peers: [
        { nodeId: 1, address: "c1:9093" },
        { nodeId: 2, address: "moved-2:9093" },
        { nodeId: 3, address: "c3:9093" },
        { nodeId: 4, address: "h4:9093" },
      ],
      unaddressed: [],
    });
  });

  it("leaves out configured non-members and reports members without any address", () => {
    expect(memberAddresses({ voters: [nodeId(1), nodeId(2), nodeId(5)], learners: [] }, configured)).toEqual({
      peers: [
        { nodeId: 1, address: "c1:9093" },
        { nodeId: 2, address: "c2:9093" },
      ],
      unaddressed: [5],
    });
  });
});
