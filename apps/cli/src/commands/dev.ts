import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { devUp } from "../dev/launcher.js";
import { devDefaults, devLimits } from "../dev/topology.js";
import { UsageError } from "../errors.js";
import { parseIntegerOption } from "../options.js";

/**
 * What the children run: the built CLI next to this module, or, when `rill` itself runs from
 * TypeScript source (tests, `tsx`), the source entry through tsx.
 */
function childEntry(): { cliEntry: string; nodeArgs: string[] } {
  const built = fileURLToPath(new URL("../main.js", import.meta.url));
  if (existsSync(built)) return { cliEntry: built, nodeArgs: [] };
  return {
    cliEntry: fileURLToPath(new URL("../main.ts", import.meta.url)),
    nodeArgs: ["--conditions=source", "--import", "tsx"],
  };
}

interface DevUpCommandOptions {
  readonly controllers: string;
  readonly brokers: string;
  readonly dataDir: string;
  readonly host: string;
  readonly racks?: string;
  readonly restart: boolean;
}

/** `--racks a,b,c`: rack names as Kafka accepts them (no spaces or commas inside one). */
export function parseRacks(text: string | undefined): string[] {
  if (text === undefined) return [];
  const racks = text.split(",").map((rack) => rack.trim());
  for (const rack of racks) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(rack)) {
      throw new UsageError(`--racks: '${rack}' is not a rack name (letters, digits, '.', '_', '-')`);
    }
  }
  return racks;
}

/** `rill dev up`: the whole cluster as local processes, for development (README's main job). */
export function devCommand(): Command {
  const dev = new Command("dev").description("run a local Rill cluster for development");
  dev
    .command("up")
    .description("start controllers and brokers on loopback in the foreground; Ctrl-C stops them")
    .option("--controllers <n>", "number of controllers (Raft voters)", String(devDefaults.controllers))
    .option("--brokers <n>", "number of brokers", String(devDefaults.brokers))
    .option("--data-dir <dir>", "where every process keeps its data and logs", devDefaults.dataDir)
    .option("--host <ip>", "loopback address to listen on", devDefaults.host)
    .option("--racks <r1,r2,...>", "deal the brokers over these racks in turn (broker.rack)")
    .option("--no-restart", "leave a process that dies down (default: restart it with backoff)")
    .action(async (options: DevUpCommandOptions) => {
      const code = await devUp({
        ...devDefaults,
        racks: parseRacks(options.racks),
        restart: options.restart,
        controllers: parseIntegerOption(options.controllers, "--controllers", 1, devLimits.controllersMax),
        brokers: parseIntegerOption(options.brokers, "--brokers", 0, devLimits.brokersMax),
        dataDir: options.dataDir,
        host: options.host,
        ...childEntry(),
        print: (line) => process.stdout.write(`${line}\n`),
      });
      process.exitCode = code;
    });
  return dev;
}
