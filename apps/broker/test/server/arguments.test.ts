import { describe, expect, it } from "vitest";
import { BrokerUsageError, parseBrokerArguments } from "../../src/server/arguments.js";
import { loadBrokerConfig } from "../../src/server/config.js";

describe("parseBrokerArguments", () => {
  it("maps the flags rill dev up passes, any config key, and --config", () => {
    const parsed = parseBrokerArguments([
      "--node-id",
      "101",
      "--listen",
      "127.0.0.1:19101",
      "--metrics-listen=127.0.0.1:19201",
      "--data-dir",
      "/data/b101",
      "--controllers",
      "127.0.0.1:19091,127.0.0.1:19092",
      "--replica-lag-time-max-ms",
      "5000",
      "--config",
      "/etc/rill/broker.properties",
    ]);
    expect(parsed).toEqual({
      configFile: "/etc/rill/broker.properties",
      values: {
        "node.id": "101",
        listeners: "127.0.0.1:19101",
        "metrics.listener": "127.0.0.1:19201",
        "data.dir": "/data/b101",
        "controller.quorum.bootstrap.servers": "127.0.0.1:19091,127.0.0.1:19092",
        "replica.lag.time.max.ms": "5000",
      },
    });
    const config = loadBrokerConfig({ env: {}, values: parsed.values }).values;
    expect(config["controller.quorum.bootstrap.servers"]).toEqual([
      { host: "127.0.0.1", port: 19091 },
      { host: "127.0.0.1", port: 19092 },
    ]);
    expect(config["replica.lag.time.max.ms"]).toBe(5000);
    expect(config["broker.heartbeat.interval.ms"]).toBe(2000);
    expect(config["min.insync.replicas"]).toBe(2);
  });

  it("refuses a positional argument, a flag without value, and a repeated key", () => {
    expect(() => parseBrokerArguments(["start"])).toThrow(BrokerUsageError);
    expect(() => parseBrokerArguments(["--node-id"])).toThrow("--node-id needs a value");
    expect(() => parseBrokerArguments(["--node-id", "--listen", "x"])).toThrow("--node-id needs a value");
    expect(() => parseBrokerArguments(["--listen", "a:1", "--listeners", "b:2"])).toThrow("given twice");
  });

  it("lets the config loader name an unknown key and suggest the likely one", () => {
    const { values } = parseBrokerArguments(["--replica-lag-time-max", "5000"]);
    expect(() => loadBrokerConfig({ env: {}, values })).toThrow(
      /replica.lag.time.max from flag --replica-lag-time-max is not a known config key \(did you mean replica.lag.time.max.ms\?\)/,
    );
  });

  it("reads RILL_* environment variables below flags", () => {
    const config = loadBrokerConfig({
      env: {
        RILL_NODE_ID: "7",
        RILL_LISTENERS: "127.0.0.1:0",
        RILL_DATA_DIR: "/d",
        RILL_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS: "127.0.0.1:1",
      },
      values: { "node.id": "8" },
    });
    expect(config.values["node.id"]).toBe(8);
    expect(config.sources["node.id"]).toEqual({ kind: "flag", flag: "--node-id" });
    expect(config.values["data.dir"]).toBe("/d");
  });
});
