import { describe, expect, it } from "vitest";
import { ErrorCodes, errorNameForCode } from "./codes.js";
import { isRillError, RillError } from "./rill-error.js";

describe("error codes", () => {
  it("uses Kafka's numbers for Kafka's errors", () => {
    expect(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION.code).toBe(3);
    expect(ErrorCodes.NOT_LEADER_OR_FOLLOWER.code).toBe(6);
    expect(ErrorCodes.CORRUPT_MESSAGE.code).toBe(2);
    expect(ErrorCodes.MESSAGE_TOO_LARGE.code).toBe(10);
    expect(ErrorCodes.NOT_ENOUGH_REPLICAS.code).toBe(19);
    expect(ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER.code).toBe(45);
    expect(ErrorCodes.FENCED_LEADER_EPOCH.code).toBe(74);
  });

  it("never gives two errors the same code", () => {
    const codes = Object.values(ErrorCodes).map((definition) => definition.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("maps codes back to names, unknown codes to UNKNOWN_SERVER_ERROR", () => {
    expect(errorNameForCode(6)).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(errorNameForCode(123_456)).toBe("UNKNOWN_SERVER_ERROR");
  });

  it("builds RillError with code, retriable flag and details", () => {
    const error = new RillError("NOT_LEADER_OR_FOLLOWER", undefined, { details: { leaderId: 2 } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(error.code).toBe(6);
    expect(error.retriable).toBe(true);
    expect(error.details).toEqual({ leaderId: 2 });
    expect(isRillError(error, "NOT_LEADER_OR_FOLLOWER")).toBe(true);
    expect(isRillError(error, "CORRUPT_MESSAGE")).toBe(false);
    expect(RillError.fromCode(10).errorName).toBe("MESSAGE_TOO_LARGE");
    expect(RillError.fromCode(10).retriable).toBe(false);
  });
});
