import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { RillError } from "@rill/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { componentLogger, createLogger, serializeError } from "./logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split("\n")) if (line.length > 0) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, stream };
}

const dir = mkdtempSync(join(tmpdir(), "rill-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("createLogger", () => {
  it("writes JSON lines with level label, name, base fields and component", async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: "controller", level: "info", base: { nodeId: 1 }, stream });
    componentLogger(logger, "raft", { term: 3 }).info({ leaderId: 2 }, "became follower");
    logger.debug("hidden below the level");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      name: "controller",
      nodeId: 1,
      pid: process.pid,
      component: "raft",
      term: 3,
      leaderId: 2,
      msg: "became follower",
    });
    expect(typeof lines[0]?.time).toBe("string");
  });

  it("serializes RillError name, code, retriable, details and the cause chain", async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: "broker", level: "info", stream });
    const cause = Object.assign(new Error("disk gone"), { code: "EIO" });
    const error = new RillError("NOT_LEADER_OR_FOLLOWER", "not the leader", {
      cause,
      details: { leaderId: 3 },
    });
    logger.error({ err: error }, "produce failed");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines[0]?.err).toMatchObject({
      type: "NOT_LEADER_OR_FOLLOWER",
      errorName: "NOT_LEADER_OR_FOLLOWER",
      code: 6,
      retriable: true,
      message: "not the leader",
      details: { leaderId: 3 },
      cause: { type: "Error", message: "disk gone", code: "EIO" },
    });
    expect(serializeError("plain")).toBe("plain");
  });

  it("appends to a file, creating its folder", () => {
    const file = join(dir, "logs", "rill.log");
    const logger = createLogger({ name: "broker", level: "warn", file });
    logger.warn("one");
    logger.info("dropped");
    logger.warn("two");
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).toEqual(["one", "two"]);
  });
});
