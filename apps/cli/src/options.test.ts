import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import { parseAddressList, parseHostPort, parseIntegerOption } from "./options.js";

describe("address options", () => {
  it("parses host:port lists, dropping duplicates and blanks", () => {
    expect(parseAddressList("127.0.0.1:19101, 127.0.0.2:19102,,127.0.0.1:19101", "--bootstrap")).toEqual([
      { host: "127.0.0.1", port: 19101 },
      { host: "127.0.0.2", port: 19102 },
    ]);
    expect(parseHostPort("[::1]:9092", "--listen")).toEqual({ host: "::1", port: 9092 });
  });

  it("rejects malformed addresses with the flag in the message", () => {
    expect(() => parseHostPort("localhost", "--bootstrap")).toThrow(
      /--bootstrap: 'localhost' is not host:port/,
    );
    expect(() => parseHostPort("h:0", "--bootstrap")).toThrow(UsageError);
    expect(() => parseHostPort("h:65536", "--bootstrap")).toThrow(UsageError);
    expect(() => parseHostPort("h:12ab", "--bootstrap")).toThrow(UsageError);
    expect(() => parseAddressList(" , ", "--bootstrap")).toThrow(UsageError);
  });

  it("parses bounded integers", () => {
    expect(parseIntegerOption("3", "--partitions", 1, 10)).toBe(3);
    expect(() => parseIntegerOption("0", "--partitions", 1, 10)).toThrow(/out of range/);
    expect(() => parseIntegerOption("1.5", "--partitions", 1, 10)).toThrow(/not an integer/);
  });
});
