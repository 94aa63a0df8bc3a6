/**
 * The broker's per-process log defaults: `log.*` keys from the config file, env or flags over
 * storage's defaults, validated at start-up with a message naming the key, value and source.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isRillError } from "@rill/protocol";
import { ConfigError } from "@rill/runtime";
import { DEFAULT_LOG_CONFIG } from "@rill/storage";
import { afterEach, describe, expect, it } from "vitest";
import { startBroker } from "../../src/server/broker.js";
import { loadBrokerConfig } from "../../src/server/config.js";
import { brokerLogDefaults } from "../../src/server/log-defaults.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const REQUIRED = {
  "node.id": "101",
  listeners: "127.0.0.1:0",
  "controller.quorum.bootstrap.servers": "127.0.0.1:1",
  "data.dir": "/nonexistent/rill-broker",
};

async function configFile(lines: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rill-log-defaults-"));
  dirs.push(dir);
  const path = join(dir, "broker.properties");
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

describe("broker log defaults", () => {
  it("are storage's defaults with the broker's log.* keys on top", () => {
    const { values } = loadBrokerConfig({ env: {}, values: REQUIRED });
    expect(brokerLogDefaults(values)).toEqual(DEFAULT_LOG_CONFIG);
    expect(values["log.retention.check.interval.ms"]).toBe(300_000);

    const loaded = loadBrokerConfig({
      env: { RILL_LOG_RETENTION_MS: "60000" },
      values: {
        ...REQUIRED,
        "log.segment.bytes": "1024",
        "log.cleanup.policy": "compact,delete",
        "message.max.bytes": "2048",
        "log.retention.check.interval.ms": "250",
        "log.cleaner.min.cleanable.ratio": "0.25",
        "log.cleaner.min.compaction.lag.ms": "1000",
      },
    });
    expect(brokerLogDefaults(loaded.values, loaded.sources)).toMatchObject({
      segmentBytes: 1024,
      retentionMs: 60_000,
      cleanupPolicy: "compact,delete",
      maxMessageBytes: 2048,
      segmentMs: DEFAULT_LOG_CONFIG.segmentMs,
      minCleanableDirtyRatio: 0.25,
      minCompactionLagMs: 1000,
    });
    expect(loaded.values["log.retention.check.interval.ms"]).toBe(250);
  });

  it("names the key, value and file line of a value storage refuses", async () => {
    const path = await configFile(["log.retention.ms=86400000", "log.segment.bytes=0"]);
    const loaded = loadBrokerConfig({ configFile: path, env: {}, values: REQUIRED });
    expect(() => brokerLogDefaults(loaded.values, loaded.sources)).toThrow(
      `log.segment.bytes = '0' from file ${path}:2: segment.bytes=0 is invalid: must be a positive integer`,
    );
  });

  it("refuses a cleanup policy or interval out of range when the config is loaded", () => {
    expect(() =>
      loadBrokerConfig({ env: {}, values: { ...REQUIRED, "log.cleanup.policy": "shred" } }),
    ).toThrow(/log.cleanup.policy = 'shred' from flag --log-cleanup-policy/);
    expect(() =>
      loadBrokerConfig({ env: {}, values: { ...REQUIRED, "log.retention.check.interval.ms": "0" } }),
    ).toThrow(/log.retention.check.interval.ms = '0'/);
    expect(() =>
      loadBrokerConfig({ env: {}, values: { ...REQUIRED, "log.cleaner.min.cleanable.ratio": "1.5" } }),
    ).toThrow(/log.cleaner.min.cleanable.ratio = '1.5'.*out of range/);
    expect(() =>
      loadBrokerConfig({ env: {}, values: { ...REQUIRED, "log.cleaner.min.cleanable.ratio": "half" } }),
    ).toThrow(/log.cleaner.min.cleanable.ratio = 'half'.*not a number/);
  });

  it("makes the broker refuse to start, before it touches its data dir", async () => {
    const path = await configFile(["message.max.bytes=-5"]);
    const started = startBroker({ configFile: path, env: {}, values: REQUIRED, installHandlers: false });
    await expect(started).rejects.toSatisfy(
      (error) => error instanceof ConfigError && isRillError(error, "INVALID_CONFIG"),
    );
    await expect(started).rejects.toThrow(
      /message.max.bytes = '-5' from file .*max.message.bytes=-5 is invalid/,
    );
  });
});
