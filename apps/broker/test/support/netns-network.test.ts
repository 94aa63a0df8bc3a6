import { describe, expect, it } from "vitest";
import { namespaceOwnerPid } from "./netns-network.js";

describe("namespaceOwnerPid (which test process a namespace is left from)", () => {
  it("reads the pid of the names create() gives, hub and hosts alike", () => {
    // A network's id is the pid and a letter (several networks of one process stay apart).
    expect(namespaceOwnerPid("rillf9236a-1")).toBe(9236);
    expect(namespaceOwnerPid("rillf9236b-hub")).toBe(9236);
    expect(namespaceOwnerPid("rillf9236-1")).toBe(9236);
  });

  it("claims no other name", () => {
    expect(namespaceOwnerPid("rillfa-1")).toBeUndefined();
    expect(namespaceOwnerPid("other9236a-1")).toBeUndefined();
  });
});
