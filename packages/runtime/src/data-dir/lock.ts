import { link, open, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { RillError } from "@rill/protocol";

export const lockFileName = ".lock";

/** A held data-dir lock; `release` removes the lock file if it is still ours. */
export interface DataDirLock {
  readonly dataDir: string;
  readonly lockPath: string;
  readonly pid: number;
  release(): Promise<void>;
}

export interface LockOptions {
  /** This process's id (injected by tests that pretend to be another process). */
  readonly pid?: number;
  /** Whether a process with this pid is alive; default: `process.kill(pid, 0)`. */
  readonly isAlive?: (pid: number) => boolean;
}

/** `kill(pid, 0)` delivers nothing; it fails with ESRCH if the pid is gone, EPERM if it is someone else's. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid written in a lock file, or undefined when the file is missing or unreadable garbage. */
export async function readLockHolder(dataDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, lockFileName), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const match = /^pid=(\d+)$/m.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

const takeoverAttemptsMax = 3;

/**
 * Takes the data dir's process lock: a `.lock` file holding our pid, created atomically with
 * link(2) (fails if the name exists). A lock left by a dead pid (a crash, kill -9) is taken over;
 * a live holder is refused with INVALID_DATA_DIR.
 *
 * Limits, accepted: two processes taking over the same stale lock at the same instant may both
 * win (the unlink of the stale file and the link of the new one are two steps); a dead holder's
 * pid reused by an unrelated live process makes the lock look held (the message names the pid so
 * an operator can check and remove the file). The file records the host name for that reason.
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? isProcessAlive;
  const lockPath = join(dataDir, lockFileName);
  const tempPath = join(dataDir, `${lockFileName}.${pid}.tmp`);
  const handle = await open(tempPath, "w").catch((error: NodeJS.ErrnoException) => {
    throw new RillError("INVALID_DATA_DIR", `cannot lock data dir ${dataDir}: ${error.message}`, {
      cause: error,
      details: { dataDir },
    });
  });
  try {
    await handle.writeFile(`pid=${pid}\nhost=${hostname()}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await link(tempPath, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = await readLockHolder(dataDir);
      if (holder !== undefined && (holder === pid || isAlive(holder))) {
        throw new RillError(
          "INVALID_DATA_DIR",
          `data dir ${dataDir} is locked by running process ${holder} (${lockPath}); is another Rill process using it?`,
          { details: { dataDir, holderPid: holder } },
        );
      }
      if (attempt >= takeoverAttemptsMax) {
        throw new RillError("INVALID_DATA_DIR", `could not take over the stale lock ${lockPath}`, {
          details: { dataDir },
        });
      }
      // Stale: move it aside (rename is atomic) rather than unlink, so a concurrent taker sees ENOENT.
      try {
        await rename(lockPath, `${lockPath}.stale.${pid}`);
        await unlink(`${lockPath}.stale.${pid}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
  } finally {
    await unlink(tempPath).catch(() => undefined);
  }
  let released = false;
  return {
    dataDir,
    lockPath,
    pid,
    async release() {
      if (released) return;
      released = true;
      if ((await readLockHolder(dataDir)) === pid) await unlink(lockPath).catch(() => undefined);
    },
  };
}
