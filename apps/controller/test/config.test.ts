/**
 * The controller's configuration: `controller.quorum.voters` parsing, the cross-key checks, the
 * precedence of flags over env over file, and the flag names `rill dev up` passes.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@rill/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { loadControllerConfig, parseVoters } from "../src/config.js";
import { parseControllerArguments } from "../src/main-entry.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("controller.quorum.voters", () => {
  it("parses id@host:port lists", () => {
    expect(parseVoters("1@127.0.0.1:19091, 2@[::1]:19092")).toEqual({
      ok: true,
      value: [
        { nodeId: 1, host: "127.0.0.1", port: 19091 },
        { nodeId: 2, host: "::1", port: 19092 },
      ],
    });
  });

  it.each([
    ["", "lists no voter"],
    ["127.0.0.1:1", "is not id@host:port"],
    ["0@h:1", "outside 1.."],
    ["1@h:1,1@h:2", "lists node id 1 twice"],
    ["1@h:1,2@h:1", "lists address h:1 twice"],
    ["1@h:0", "whose address"],
    ["1@h:1,2@h:2,3@h:3,4@h:4,5@h:5,6@h:6,7@h:7,8@h:8,9@h:9,10@h:10", "more than 9"],
  ])("refuses %j", (text, reason) => {
    const result = parseVoters(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe("loadControllerConfig", () => {
  const flags = {
    "node.id": "2",
    listeners: "127.0.0.1:19092",
    "controller.quorum.voters": "1@127.0.0.1:19091,2@127.0.0.1:19092,3@127.0.0.1:19093",
    "data.dir": "/tmp/x",
  };

  it("takes flags over env over the file, with defaults for the rest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rill-controller-config-"));
    dirs.push(dir);
    const file = join(dir, "controller.properties");
    await writeFile(file, "broker.session.timeout.ms=6000\nraft.tick.ms=20\nlog.level=debug\n");
    const loaded = loadControllerConfig({
      configFile: file,
      env: { RILL_RAFT_TICK_MS: "50", RILL_LOG_LEVEL: "warn" },
      flags: { ...flags, "log.level": "error" },
    });
    expect(loaded.values["broker.session.timeout.ms"]).toBe(6000);
    expect(loaded.values["raft.tick.ms"]).toBe(50);
    expect(loaded.values["log.level"]).toBe("error");
    expect(loaded.values["raft.election.timeout.ms"]).toBe(1000);
    expect(loaded.values["controller.quorum.voters"]).toHaveLength(3);
  });

  it("reports a node that is not a voter, a listener on the wrong port and too short an election timeout", () => {
    const problems = problemsOf(() =>
      loadControllerConfig({
        env: {},
        flags: { ...flags, "node.id": "4", "raft.election.timeout.ms": "100" },
      }),
    );
    expect(problems.join("\n")).toContain(
      "node.id = 4 (from flag --node-id) is not one of controller.quorum.voters",
    );
    expect(problems.join("\n")).toContain("at least 3 × raft.tick.ms");
    const port = problemsOf(() =>
      loadControllerConfig({ env: {}, flags: { ...flags, listeners: "127.0.0.1:1" } }),
    );
    expect(port.join("\n")).toContain("does not listen on port 19092");
    // docker-compose binds 0.0.0.0 and advertises the voters entry: checked, not guessed.
    const bound = loadControllerConfig({
      env: {},
      flags: { ...flags, listeners: "0.0.0.0:19092", "advertised.listeners": "127.0.0.1:19092" },
    });
    expect(bound.values.listeners.host).toBe("0.0.0.0");
    const advertised = problemsOf(() =>
      loadControllerConfig({ env: {}, flags: { ...flags, "advertised.listeners": "other:19092" } }),
    );
    expect(advertised.join("\n")).toContain("is not 127.0.0.1:19092");
  });

  it("takes controller.quorum.bootstrap.servers for a joining controller, and exactly one of it and the voters", () => {
    const { "controller.quorum.voters": _voters, ...withoutVoters } = flags;
    const joining = loadControllerConfig({
      env: {},
      flags: { ...withoutVoters, "node.id": "4", "controller.quorum.bootstrap.servers": "127.0.0.1:19091" },
    });
    expect(joining.values["controller.quorum.voters"]).toBeUndefined();
    expect(joining.values["controller.quorum.bootstrap.servers"]).toEqual([
      { host: "127.0.0.1", port: 19091 },
    ]);
    expect(problemsOf(() => loadControllerConfig({ env: {}, flags: withoutVoters })).join("\n")).toContain(
      "set controller.quorum.voters (a controller of the initial quorum) or controller.quorum.bootstrap.servers",
    );
    const both = problemsOf(() =>
      loadControllerConfig({
        env: {},
        flags: { ...flags, "controller.quorum.bootstrap.servers": "127.0.0.1:19091" },
      }),
    );
    expect(both.join("\n")).toContain("so set only one");
  });

  it("maps the flags rill dev up passes, and any other key as --key-with-dashes", () => {
    const parsed = parseControllerArguments([
      "--node-id",
      "1",
      "--listen",
      "127.0.0.1:19091",
      "--metrics-listen",
      "127.0.0.1:19191",
      "--data-dir",
      "d",
      "--voters",
      "1@127.0.0.1:19091",
      "--broker-session-timeout-ms",
      "6000",
      "--config",
      "c.properties",
    ]);
    expect(parsed).toEqual({
      configFile: "c.properties",
      flags: {
        "node.id": "1",
        listeners: "127.0.0.1:19091",
        "metrics.listener": "127.0.0.1:19191",
        "data.dir": "d",
        "controller.quorum.voters": "1@127.0.0.1:19091",
        "broker.session.timeout.ms": "6000",
      },
    });
    expect(() => parseControllerArguments(["--node-id"])).toThrow("needs a value");
    expect(() => parseControllerArguments(["start"])).toThrow("unexpected argument");
  });
});
