import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { devUp } from "../dev/launcher.js";
import { devDefaults, devLimits } from "../dev/topology.js";
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
    .action(async (options: { controllers: string; brokers: string; dataDir: string; host: string }) => {
      const code = await devUp({
        ...devDefaults,
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
