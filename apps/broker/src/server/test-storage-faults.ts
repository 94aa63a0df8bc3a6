import type { Logger } from "@rill/runtime";
import {
  FaultInjectingFileSystem,
  type FileOperation,
  NodeFileSystem,
  PowerLossFileSystem,
  type StorageFileSystem,
} from "@rill/storage";

/**
 * TESTS ONLY. `RILL_TEST_STORAGE_FAULTS=1` in a broker's environment puts its partition logs on
 * a file-system layer that the fault tests drive with signals:
 * - SIGUSR2: the disk fails: from then on every write, fdatasync, truncate, rename and directory
 *   sync fails with EIO (a failing write first writes half of its first buffer).
 * - SIGPWR: power loss, right after the next write to the partition logs returns (so that
 *   something is not yet fsynced; at most `POWER_CUT_WAIT_MS` later when nothing is written): every
 *   file is cut back to what an fdatasync covered, then the process kills itself with SIGKILL (no
 *   shutdown code runs).
 * Never set it in production: it slows writes (an fstat per opened file) and SIGPWR loses data.
 * Not a config key on purpose: it cannot be set from a config file or a flag by mistake.
 */
export const TEST_STORAGE_FAULTS_ENV = "RILL_TEST_STORAGE_FAULTS";

const FAILING_OPERATIONS: ReadonlySet<FileOperation> = new Set([
  "write",
  "datasync",
  "truncate",
  "rename",
  "syncDirectory",
]);

/** The longest a power cut waits for a write to cut after. */
const POWER_CUT_WAIT_MS = 1_000;

/** The test layer when the environment asks for it, with its signal handlers installed. */
export function testStorageFaults(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): StorageFileSystem | undefined {
  if (env[TEST_STORAGE_FAULTS_ENV] !== "1") return undefined;
  const powerLoss = new PowerLossFileSystem(new NodeFileSystem());
  const faults = new FaultInjectingFileSystem(powerLoss);
  logger.warn(`${TEST_STORAGE_FAULTS_ENV}=1: partition logs are on the test fault layer (tests only)`);
  process.on("SIGUSR2", () => {
    logger.warn("test fault: the data directory's disk fails (EIO on every write and fsync)");
    faults.policy = (operation) => (FAILING_OPERATIONS.has(operation) ? "EIO" : undefined);
  });
  process.on("SIGPWR", () => {
    const cut = (): void => {
      const dropped = powerLoss.dropUnsyncedWrites();
      process.stderr.write(`test fault: power loss, ${dropped} unsynced bytes dropped\n`);
      process.kill(process.pid, "SIGKILL");
    };
    powerLoss.cutAfterNextWrite(cut);
    setTimeout(cut, POWER_CUT_WAIT_MS).unref();
  });
  return faults;
}
