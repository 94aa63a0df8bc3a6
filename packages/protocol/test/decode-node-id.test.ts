import { describe, expect, it } from "vitest";
import { isRillError } from "../src/errors/rill-error.js";
import { decodeNodeId, NODE_ID_MAX, nodeId } from "../src/ids/index.js";

describe("decodeNodeId (a node id from the wire, branded once)", () => {
  it("brands an id in [min, NODE_ID_MAX] as nodeId() does", () => {
    expect(decodeNodeId("broker_id", 0)).toBe(nodeId(0));
    expect(decodeNodeId("voter_id", NODE_ID_MAX, 1)).toBe(nodeId(NODE_ID_MAX));
  });

  it("answers INVALID_REQUEST naming the field and the value, never a RangeError", () => {
    for (const [value, min] of [
      [-1, 0],
      [0, 1],
      [NODE_ID_MAX + 1, 0],
      [1.5, 0],
    ] as const) {
      let thrown: unknown;
      try {
        decodeNodeId("replica_id", value, min);
      } catch (error) {
        thrown = error;
      }
      expect(isRillError(thrown, "INVALID_REQUEST"), String(thrown)).toBe(true);
      expect((thrown as Error).message).toContain(
        `replica_id ${value} is not a node id in [${min}, ${NODE_ID_MAX}]`,
      );
    }
  });
});
