/**
 * Small disks for the disk-full fault: a tmpfs of `sizeBytes` mounted over a broker's partition
 * log directory before the broker starts (a process started in a network namespace gets a copy of
 * the mounts that exist at its start, so it must be mounted first), filled by a file to below the
 * broker's `log.dir.free.bytes.min`, then freed by removing that file. Needs root.
 *
 * Each mount's source is named `rillf<pid>-disk` after the test process, as the namespaces are
 * (netns-network.ts): `unmountAll()` removes this process's mounts (the fault run's `finally`, and
 * at process exit), and `removeStaleDisks()` those of test processes that died without it.
 */
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdir, readFile, rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const SOURCE_PREFIX = "rillf";
const SOURCE = `${SOURCE_PREFIX}${process.pid}-disk`;
/** The file that fills a disk. */
const FILLER = "rill-test-disk-filler";

const mounted = new Set<string>();
let exitHandlerInstalled = false;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The mount points of this mount namespace whose tmpfs source matches `accept`. */
async function tmpfsMounts(accept: (source: string) => boolean): Promise<string[]> {
  return (await readFile("/proc/self/mounts", "utf8"))
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([source, , type]) => type === "tmpfs" && source !== undefined && accept(source))
    .map(([, mountPoint]) => (mountPoint as string).replace(/\\040/g, " "));
}

/** Unmounts (lazily: a process may still hold a file) the disks of test processes that are gone. */
export async function removeStaleDisks(): Promise<void> {
  const stale = await tmpfsMounts((source) => {
    const pid = Number(new RegExp(`^${SOURCE_PREFIX}(\\d+)-disk$`).exec(source)?.[1]);
    return Number.isSafeInteger(pid) && !isAlive(pid);
  });
  for (const mountPoint of stale) {
    await execFileAsync("umount", ["--lazy", mountPoint]).catch(() => {
      // unmounted by someone else meanwhile
    });
  }
}

/** Mounts a tmpfs of `sizeBytes` at `directory` (created when missing). */
export async function mountDisk(directory: string, sizeBytes: number): Promise<void> {
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.once("exit", unmountAllNow);
  }
  await mkdir(directory, { recursive: true });
  await execFileAsync("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes}`, SOURCE, directory]);
  mounted.add(directory);
}

/**
 * Fills the disk at `directory` until `leaveBytes` are free (what an unprivileged writer sees).
 * Returns the filler's size.
 */
export async function fillDisk(directory: string, leaveBytes: number): Promise<number> {
  const { bavail, bsize } = await statfs(directory);
  const bytes = Math.max(0, bavail * bsize - leaveBytes);
  await writeFile(join(directory, FILLER), Buffer.alloc(bytes));
  return bytes;
}

/** Gives the space back. */
export async function freeDisk(directory: string): Promise<void> {
  await rm(join(directory, FILLER), { force: true });
}

/**
 * Unmounts every disk this process mounted, lazily: the processes using them may still run (the
 * memory goes back once they exit). With `keepContents`, each disk's files (not the filler) are
 * first copied beside it, to `<directory>-kept` (a failed run's evidence).
 */
export async function unmountAll(options: { readonly keepContents: boolean }): Promise<void> {
  for (const directory of [...mounted]) {
    if (options.keepContents) {
      await cp(directory, `${directory}-kept`, {
        recursive: true,
        filter: (source) => !source.endsWith(FILLER),
      });
    }
    await execFileAsync("umount", ["--lazy", directory]).catch(() => {
      // not mounted any more
    });
    mounted.delete(directory);
  }
}

/** unmountAll without copying, synchronously: the last resort at process exit. */
function unmountAllNow(): void {
  for (const directory of mounted) {
    try {
      execFileSync("umount", ["--lazy", directory], { stdio: "ignore" });
    } catch {
      // not mounted any more
    }
  }
  mounted.clear();
}
