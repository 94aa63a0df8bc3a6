import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRillError } from "@rill/protocol";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { runtimeConfigKeys } from "./common.js";
import { configKeys } from "./keys.js";
import {
  ConfigError,
  configEnvName,
  configFlagName,
  describeConfig,
  loadConfig,
  resolveConfig,
} from "./load.js";
import { parseProperties } from "./properties.js";

const schema = {
  ...runtimeConfigKeys,
  "node.id": configKeys.int({ doc: "this node's id", min: 0, max: 2_147_483_647 }),
  listeners: configKeys.hostPortList({
    doc: "where to listen",
    default: [{ host: "127.0.0.1", port: 19091 }],
  }),
  "data.dir": configKeys.string({ doc: "data directory", default: "./data" }),
  "broker.session.timeout.ms": configKeys.int({ doc: "session", default: 9000, min: 1, max: 600_000 }),
  "auto.create.topics.enable": configKeys.boolean({ doc: "auto-create", default: false }),
  "sasl.password": configKeys.string({ doc: "secret", optional: true, sensitive: true }),
  "controller.quorum.voters": configKeys.stringList({ doc: "voters", optional: true }),
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(isRillError(error, "INVALID_CONFIG")).toBe(true);
    return (error as ConfigError).problems.map((problem) => problem.message);
  }
  throw new Error("expected a ConfigError");
}

const dir = mkdtempSync(join(tmpdir(), "rill-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("names", () => {
  it("maps keys to env vars and flags", () => {
    expect(configEnvName("node.id")).toBe("RILL_NODE_ID");
    expect(configEnvName("log.dirs")).toBe("RILL_LOG_DIRS");
    expect(configFlagName("broker.session.timeout.ms")).toBe("--broker-session-timeout-ms");
  });
});

describe("precedence: defaults < file < env < flags", () => {
  const file = {
    path: "/etc/rill/controller.properties",
    text: "# comment\nnode.id=1\nbroker.session.timeout.ms = 5000\nlog.level: debug\ndata.dir=/var/rill\n",
  };

  it("types the values and records each source", () => {
    const loaded = resolveConfig(schema, { file, env: {}, flags: {} });
    expectTypeOf(loaded.values["node.id"]).toEqualTypeOf<number>();
    expectTypeOf(loaded.values["sasl.password"]).toEqualTypeOf<string | undefined>();
    expectTypeOf(loaded.values["log.level"]).toEqualTypeOf<
      "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"
    >();
    expect(loaded.values).toMatchObject({
      "node.id": 1,
      "broker.session.timeout.ms": 5000,
      "log.level": "debug",
      "data.dir": "/var/rill",
      "auto.create.topics.enable": false,
      listeners: [{ host: "127.0.0.1", port: 19091 }],
      "metrics.listener": { host: "127.0.0.1", port: 0 },
    });
    expect(loaded.values["sasl.password"]).toBeUndefined();
    expect(loaded.sources["node.id"]).toEqual({ kind: "file", path: file.path, line: 2 });
    expect(loaded.sources.listeners).toEqual({ kind: "default" });
    expect(loaded.sources["sasl.password"]).toBeUndefined();
  });

  it("env overrides file, flags override env", () => {
    const env = { RILL_NODE_ID: "2", RILL_DATA_DIR: "/env/dir", RILL_UNRELATED: "x" };
    const loaded = resolveConfig(schema, {
      file,
      env,
      flags: { "node.id": 3, listeners: ["h1:1", "[::1]:2"] },
    });
    expect(loaded.values["node.id"]).toBe(3);
    expect(loaded.sources["node.id"]).toEqual({ kind: "flag", flag: "--node-id" });
    expect(loaded.values["data.dir"]).toBe("/env/dir");
    expect(loaded.sources["data.dir"]).toEqual({ kind: "env", name: "RILL_DATA_DIR" });
    expect(loaded.values.listeners).toEqual([
      { host: "h1", port: 1 },
      { host: "::1", port: 2 },
    ]);
    expect(loaded.values["broker.session.timeout.ms"]).toBe(5000);
  });

  it("reads .properties and .json files from disk", () => {
    const properties = join(dir, "a.properties");
    writeFileSync(properties, "node.id=4\nauto.create.topics.enable=TRUE\n");
    const fromProperties = loadConfig(schema, { configFile: properties, env: {} });
    expect(fromProperties.values["node.id"]).toBe(4);
    expect(fromProperties.values["auto.create.topics.enable"]).toBe(true);

    const json = join(dir, "a.json");
    writeFileSync(json, JSON.stringify({ node: { id: 5 }, listeners: ["a:1", "b:2"], "log.level": "warn" }));
    const fromJson = loadConfig(schema, { configFile: json, env: { RILL_LOG_LEVEL: "error" } });
    expect(fromJson.values["node.id"]).toBe(5);
    expect(fromJson.values.listeners).toHaveLength(2);
    expect(fromJson.values["log.level"]).toBe("error");
  });

  it("describes the effective config with secrets hidden", () => {
    const loaded = resolveConfig(schema, {
      env: { RILL_SASL_PASSWORD: "hunter2" },
      flags: { "node.id": "1" },
    });
    const description = describeConfig(schema, loaded);
    expect(description["sasl.password"]).toEqual({ value: "(secret)", source: "env RILL_SASL_PASSWORD" });
    expect(description["node.id"]).toEqual({ value: 1, source: "flag --node-id" });
    expect(JSON.stringify(description)).not.toContain("hunter2");
  });
});

describe("validation: every problem, naming key, source and expectation", () => {
  it("lists all problems at once", () => {
    const file = {
      path: "/etc/rill.properties",
      text: [
        "node.idd=1", // unknown, likely typo
        "listeners=localhost", // bad host:port
        "broker.session.timeout.ms=0", // out of range
        "this line has no separator",
        "data.dir=/a",
        "data.dir=/b", // repeated
      ].join("\n"),
    };
    const problems = problemsOf(() =>
      resolveConfig(schema, {
        file,
        env: { RILL_AUTO_CREATE_TOPICS_ENABLE: "yes", RILL_LOG_LEVEL: "loud" },
        flags: { "metrics.listener": "127.0.0.1:70000", "no.such.key": "1" },
      }),
    );
    expect(problems).toEqual([
      "file /etc/rill.properties:4: 'this line has no separator' is not key=value",
      "file /etc/rill.properties:6: data.dir is set again (first set on line 5)",
      "node.idd from file /etc/rill.properties:1 is not a known config key (did you mean node.id?)",
      "no.such.key from flag --no-such-key is not a known config key",
      "log.level = 'loud' from env RILL_LOG_LEVEL is not one of fatal, error, warn, info, debug, trace, silent; expected one of fatal, error, warn, info, debug, trace, silent",
      "metrics.listener = '127.0.0.1:70000' from flag --metrics-listener has a port 70000 out of range; expected host:port with a port from 0 to 65535 (0: any free port)",
      "node.id is required (an integer from 0 to 2147483647): set it with --node-id, env RILL_NODE_ID or in the config file",
      "listeners = 'localhost' from file /etc/rill.properties:2 has an item 'localhost' that is not host:port; expected a comma-separated list of host:port, ports from 1 to 65535",
      "broker.session.timeout.ms = '0' from file /etc/rill.properties:3 is out of range; expected an integer from 1 to 600000",
      "auto.create.topics.enable = 'yes' from env RILL_AUTO_CREATE_TOPICS_ENABLE is not true or false; expected true or false",
    ]);
  });

  it("names wrong types", () => {
    expect(problemsOf(() => resolveConfig(schema, { env: { RILL_NODE_ID: "one" } }))).toEqual([
      "node.id = 'one' from env RILL_NODE_ID is not an integer; expected an integer from 0 to 2147483647",
    ]);
    expect(problemsOf(() => resolveConfig(schema, { flags: { "node.id": "1.5" } }))).toEqual([
      "node.id = '1.5' from flag --node-id is not an integer; expected an integer from 0 to 2147483647",
    ]);
    const json = { path: "c.json", text: JSON.stringify({ "node.id": { deep: [{}] }, listeners: [[1]] }) };
    expect(problemsOf(() => resolveConfig(schema, { file: json }))).toEqual([
      "file c.json: node.id.deep has a value of the wrong type ([{}])",
      "file c.json: listeners has a value of the wrong type ([[1]])",
      "node.id is required (an integer from 0 to 2147483647): set it with --node-id, env RILL_NODE_ID or in the config file",
    ]);
    expect(problemsOf(() => resolveConfig(schema, { file: { path: "d.json", text: "{nope" } }))[0]).toMatch(
      /^file d\.json: is not valid JSON/,
    );
  });

  it("names bad host:port forms precisely", () => {
    const listeners = (value: string) =>
      problemsOf(() => resolveConfig(schema, { flags: { "node.id": 1, listeners: value } }))[0];
    expect(listeners("h:0")).toContain("has an item 'h:0' that has a port 0 out of range");
    expect(listeners("h:x")).toContain("has a port 'x' that is not a number");
    expect(listeners("::1:9092")).toContain("has an IPv6 host without [brackets]");
    expect(listeners("bad host:1")).toContain("has an invalid host 'bad host'");
    expect(listeners(",")).toContain("has fewer than 1 item(s)");
  });

  it("never echoes a secret in a message", () => {
    const secretKey = { secret: configKeys.int({ doc: "x", sensitive: true, default: 1 }) };
    const problems = problemsOf(() => resolveConfig(secretKey, { env: { RILL_SECRET: "hunter2" } }));
    expect(problems).toEqual([
      "secret = (secret) from env RILL_SECRET is not an integer; expected an integer from -9007199254740991 to 9007199254740991",
    ]);
  });

  it("reports a missing config file", () => {
    expect(problemsOf(() => loadConfig(schema, { configFile: join(dir, "missing.properties") }))).toEqual([
      `config file ${join(dir, "missing.properties")} cannot be read: does not exist`,
    ]);
  });

  it("puts all problems in the error message, one per line", () => {
    try {
      resolveConfig(schema, { env: { RILL_LOG_LEVEL: "x" } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.split("\n")).toHaveLength(3);
      expect((error as Error).message).toMatch(/^invalid configuration \(2 problems\):\n {2}- /);
    }
  });
});

describe("parseProperties", () => {
  it("handles comments, both separators and continuation lines", () => {
    const { entries, problems } = parseProperties("! bang\n# hash\na=1\nb : 2\r\nc=x,\\\n  y\nd=\n");
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { key: "a", value: "1", line: 3 },
      { key: "b", value: "2", line: 4 },
      { key: "c", value: "x,y", line: 5 },
      { key: "d", value: "", line: 7 },
    ]);
  });
});
