import { describe, expect, it } from "vitest";
import { devDefaults, devTopology, startArguments, votersArgument } from "./topology.js";

describe("dev topology", () => {
  it("lays out 3 controllers and 3 brokers on loopback with separate data dirs", () => {
    const processes = devTopology(devDefaults);
    expect(processes.map((process) => `${process.role}:${process.nodeId}@${process.port}`)).toEqual([
      "controller:1@19091",
      "controller:2@19092",
      "controller:3@19093",
      "broker:101@19101",
      "broker:102@19102",
      "broker:103@19103",
    ]);
    expect(new Set(processes.map((process) => process.dataDir)).size).toBe(6);
    expect(votersArgument(processes)).toBe("1@127.0.0.1:19091,2@127.0.0.1:19092,3@127.0.0.1:19093");
  });

  it("passes brokers the controller addresses and controllers the voter set", () => {
    const processes = devTopology({ ...devDefaults, controllers: 1, brokers: 1, dataDir: "/tmp/x" });
    const [controller, broker] = processes;
    expect(startArguments(controller!, processes)).toContain("1@127.0.0.1:19091");
    expect(startArguments(broker!, processes)).toEqual(
      expect.arrayContaining([
        "broker",
        "start",
        "--controllers",
        "127.0.0.1:19091",
        "--data-dir",
        "/tmp/x/broker-101",
      ]),
    );
  });

  it("deals brokers over racks in turn and passes each its --rack", () => {
    const processes = devTopology({ ...devDefaults, brokers: 4, racks: ["r1", "r2", "r3"] });
    const brokers = processes.filter((process) => process.role === "broker");
    expect(brokers.map((broker) => broker.rack)).toEqual(["r1", "r2", "r3", "r1"]);
    expect(processes.filter((process) => process.role === "controller").map((c) => c.rack)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const args = startArguments(brokers[1]!, processes);
    expect(args.slice(args.indexOf("--rack"), args.indexOf("--rack") + 2)).toEqual(["--rack", "r2"]);
    expect(startArguments(devTopology(devDefaults)[3]!, processes)).not.toContain("--rack");
  });
});
