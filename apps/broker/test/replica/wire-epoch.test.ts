import { RillError } from "@rill/protocol";
import { LEADER_EPOCH_MAX } from "@rill/protocol/ids";
import { describe, expect, it } from "vitest";
import { decodeLeaderEpoch, decodeOptionalLeaderEpoch } from "../../src/replica/wire-epoch.js";

describe("leader epochs decoded from the wire", () => {
  it("pass a real epoch through unchanged", () => {
    expect(decodeLeaderEpoch("leader_epoch", 0)).toBe(0);
    expect(decodeLeaderEpoch("leader_epoch", LEADER_EPOCH_MAX)).toBe(LEADER_EPOCH_MAX);
    expect(decodeOptionalLeaderEpoch("last_fetched_epoch", 7)).toBe(7);
  });

  it("read the wire's -1 as no epoch where one is optional", () => {
    expect(decodeOptionalLeaderEpoch("last_fetched_epoch", -1)).toBeUndefined();
  });

  it.each([-1, LEADER_EPOCH_MAX + 1, 1.5])("answer INVALID_REQUEST naming the field for %s", (value) => {
    const decoded = decodeLeaderEpoch("current_leader_epoch", value);
    expect(decoded).toBeInstanceOf(RillError);
    expect(decoded).toMatchObject({ errorName: "INVALID_REQUEST" });
    expect((decoded as RillError).message).toContain(`current_leader_epoch ${value}`);
  });
});
