import { describe, expect, it } from "vitest";
import { buildProgram } from "./program.js";

const everyCommand = [
  "broker",
  "controller",
  "dev",
  "storage",
  "cluster",
  "topics",
  "configs",
  "brokers",
  "controllers",
  "elect-leaders",
  "reassign",
  "produce",
  "consume",
  "groups",
  "perf",
];

const commandNames = async (argv?: readonly string[]) =>
  (await buildProgram(argv)).commands.map((command) => command.name());

describe("the rill program", () => {
  it("defines only the command it runs", async () => {
    expect(await commandNames(["topics", "list"])).toEqual(["topics"]);
    expect(await commandNames(["broker", "start", "--node-id", "1"])).toEqual(["broker"]);
    const perf = (await buildProgram(["perf"])).commands[0];
    expect(perf?.commands.map((command) => command.name())).toEqual(
      expect.arrayContaining(["produce", "consume"]),
    );
  });

  it("defines every command, in help order, for help, options or an unknown name", async () => {
    expect(await commandNames()).toEqual(everyCommand);
    expect(await commandNames(["--help"])).toEqual(everyCommand);
    expect(await commandNames(["help", "topics"])).toEqual(everyCommand);
    expect(await commandNames(["topcs"])).toEqual(everyCommand);
  });
});
