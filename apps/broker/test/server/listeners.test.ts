import { describe, expect, it } from "vitest";
import { loadBrokerConfig } from "../../src/server/config.js";
import { resolveBrokerListeners } from "../../src/server/listeners.js";

function resolve(values: Record<string, string>) {
  const { values: config } = loadBrokerConfig({
    values: { "node.id": "1", "controller.quorum.bootstrap.servers": "c:1", "data.dir": "/d", ...values },
    env: {},
  });
  return resolveBrokerListeners(config);
}

describe("resolveBrokerListeners", () => {
  it("names a bare host:port CLIENT and advertises it with a bare advertised address (the old form)", () => {
    expect(resolve({ listeners: "0.0.0.0:9092", "advertised.listeners": "broker-1:9092" })).toEqual({
      listeners: [
        {
          name: "CLIENT",
          bind: { host: "0.0.0.0", port: 9092 },
          advertised: { host: "broker-1", port: 9092 },
        },
      ],
      interBrokerListenerName: "CLIENT",
    });
    expect(resolve({ listeners: "127.0.0.1:0" }).listeners[0]?.advertised).toBeUndefined();
  });

  it("puts the inter-broker listener first and pairs advertised addresses by name", () => {
    const resolved = resolve({
      listeners: "EXTERNAL://0.0.0.0:19092,INTERNAL://0.0.0.0:9092",
      "advertised.listeners": "INTERNAL://broker-1:9092,EXTERNAL://localhost:19092",
      "inter.broker.listener.name": "INTERNAL",
    });
    expect(resolved.listeners.map((listener) => [listener.name, listener.advertised?.host])).toEqual([
      ["INTERNAL", "broker-1"],
      ["EXTERNAL", "localhost"],
    ]);
    // Without the key, the first listener is the inter-broker one.
    expect(
      resolve({
        listeners: "A://127.0.0.1:1,B://127.0.0.1:2",
      }).interBrokerListenerName,
    ).toBe("A");
  });

  it("refuses inconsistent listener settings with every problem named", () => {
    expect(() =>
      resolve({
        listeners: "INTERNAL://0.0.0.0:9092,0.0.0.0:19092",
        "advertised.listeners": "OTHER://x:1",
        "inter.broker.listener.name": "REPLICATION",
      }),
    ).toThrow(
      /several entries each needs a NAME:\/\/ prefix[\s\S]*names OTHER, which is not in listeners[\s\S]*advertised.listeners is required for INTERNAL[\s\S]*inter.broker.listener.name REPLICATION is not in listeners/,
    );
    expect(() => resolve({ listeners: "A://127.0.0.1:1,A://127.0.0.1:2" })).toThrow(
      /listener A appears twice/,
    );
    expect(() => resolve({ listeners: "lower://127.0.0.1:1" })).toThrow(/listener name 'lower'/);
  });
});
