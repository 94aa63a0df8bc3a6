#!/usr/bin/env node
// One entry point for README's commands: it gets the pinned pnpm (npx when none is on PATH),
// installs from the committed lockfile, builds, then runs the asked task. Only Node.js and npm
// are needed on the machine.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const isCi = process.env.CI === "true" || process.env.CI === "1";

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(command, args, what) {
  const status = run(command, args);
  if (status !== 0) {
    console.error(`rill: ${what} failed (exit ${status})`);
    process.exit(status);
  }
}

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { cwd: root, encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim() === pinned) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${pinned}`]];
}

const [pnpm, pnpmPrefix] = pnpmCommand();
const pn = (args, what) => must(pnpm, [...pnpmPrefix, ...args], what);

function setup() {
  const installArgs = ["install", "--frozen-lockfile", "--prefer-offline"];
  if (isCi) installArgs.push("--reporter=append-only");
  pn(installArgs, "pnpm install");
  pn(["exec", "turbo", "run", "build", "--output-logs=errors-only"], "build");
}

/**
 * What `npm start [-- args]` runs: no arguments is README's main job, the local cluster
 * (`rill dev up`: 3 controllers + 3 brokers, data under ./.rill); flags alone are flags of
 * `rill dev up` (`npm start -- --brokers 5`); anything else is a rill command line
 * (`npm start -- topics list`, `npm start -- --help`).
 */
function startArguments(args) {
  if (args.length === 0) return ["dev", "up"];
  const cliFlags = new Set(["-h", "--help", "-V", "--version"]);
  const first = args[0];
  if (first.startsWith("-") && !cliFlags.has(first)) return ["dev", "up", ...args];
  return args;
}

/**
 * Runs bin/rill in the foreground and exits with its code. Ctrl-C reaches rill directly (same
 * process group), which stops its processes in order; this wrapper only waits for it, and passes
 * on a SIGTERM sent to itself.
 */
function startCli(args) {
  const child = spawn(process.execPath, [join(root, "bin", "rill"), ...args], {
    cwd: root,
    stdio: "inherit",
  });
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

const [task = "test", ...rest] = process.argv.slice(2);
switch (task) {
  case "setup":
    setup();
    break;
  case "test": {
    setup();
    pn(["run", "proto:lint"], "buf lint");
    pn(["run", "proto:check"], "generated proto types drift check");
    pn(["run", "lint"], "lint");
    pn(["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"], "typecheck");
    must("node", [join(root, "scripts", "test.mjs"), ...rest], "tests");
    break;
  }
  case "bench":
    setup();
    must("node", [join(root, "scripts", "bench.mjs"), ...rest], "bench");
    break;
  case "start":
    setup();
    startCli(startArguments(rest));
    break;
  default:
    console.error(`rill: unknown task '${task}' (expected setup, test, bench or start)`);
    process.exit(2);
}
if (!existsSync(join(root, "node_modules"))) process.exit(1);
