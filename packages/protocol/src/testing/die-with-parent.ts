/**
 * Processes a test harness starts die with it. A harness normally stops its cluster itself, but
 * a test process killed with kill -9 (a CI timeout, a developer's Ctrl-\) runs no clean-up, and
 * its brokers and controllers would run on, holding ports and data dirs, into the next run.
 *
 * On Linux, util-linux's `setpriv --pdeathsig KILL` sets the kernel's parent-death signal and
 * then executes the command: when the process that spawned it exits, for any reason, the kernel
 * sends the command SIGKILL (also when it is stopped by SIGSTOP). The setting survives exec, so it
 * may sit after an `ip netns exec` prefix. Elsewhere (no setpriv) the command is returned as it
 * is, and a killed harness leaves its processes behind as before.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

let setprivPath: string | null | undefined;

function findSetpriv(): string | null {
  if (process.platform !== "linux") return null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "setpriv");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * `command` (program first, then its arguments) as `spawn`'s program and arguments, prefixed so
 * that the process it becomes is killed when the spawning process exits; unchanged where the
 * platform offers no way to: `spawn(...dieWithParent([process.execPath, "main.js"]), options)`.
 */
export function dieWithParent(command: readonly [string, ...string[]]): [string, string[]] {
  setprivPath ??= findSetpriv();
  const [program, ...args] = command;
  return setprivPath === null ? [program, args] : [setprivPath, ["--pdeathsig", "KILL", program, ...args]];
}
