import { describe, expect, it } from "vitest";
import { formatHostPort, parseHostPort } from "../src/address/index.js";

describe("parseHostPort", () => {
  it("reads hostnames, IPv4 and bracketed IPv6, trimming whitespace", () => {
    expect(parseHostPort(" broker-1.example.com:9092 ")).toEqual({
      ok: true,
      value: { host: "broker-1.example.com", port: 9092 },
    });
    expect(parseHostPort("127.0.0.1:1")).toEqual({ ok: true, value: { host: "127.0.0.1", port: 1 } });
    expect(parseHostPort("[::1]:65535")).toEqual({ ok: true, value: { host: "::1", port: 65_535 } });
    expect(parseHostPort("[fe80::1%eth0]:9092")).toEqual({
      ok: true,
      value: { host: "fe80::1%eth0", port: 9092 },
    });
  });

  it("accepts port 0 only when the caller allows it", () => {
    expect(parseHostPort("0.0.0.0:0")).toEqual({ ok: false, reason: "has a port 0 out of range" });
    expect(parseHostPort("0.0.0.0:0", true)).toEqual({ ok: true, value: { host: "0.0.0.0", port: 0 } });
  });

  it.each([
    ["localhost", "is not host:port"],
    [":9092", "is not host:port"],
    ["localhost:", "is not host:port"],
    ["::1:9092", "has an IPv6 host without [brackets]"],
    ["bad host:9092", "has an invalid host 'bad host'"],
    ["[]:9092", "has an invalid host '[]'"],
    ["h:12ab", "has a port '12ab' that is not a number"],
    ["h:-1", "has a port '-1' that is not a number"],
    ["h:65536", "has a port 65536 out of range"],
  ])("refuses %j: %s", (text, reason) => {
    expect(parseHostPort(text)).toEqual({ ok: false, reason });
  });
});

describe("formatHostPort", () => {
  it("brackets IPv6 hosts and round-trips through parseHostPort", () => {
    for (const text of ["localhost:9092", "10.0.0.7:19092", "[::1]:9092", "[2001:db8::7]:1"]) {
      const parsed = parseHostPort(text);
      if (!parsed.ok) throw new Error(`${text} ${parsed.reason}`);
      expect(formatHostPort(parsed.value)).toBe(text);
    }
  });
});
