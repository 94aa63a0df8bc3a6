import { type ClusterSettings, itemFailure, withAdmin } from "../commands/cluster.js";
import { CliError, ExitCode } from "../errors.js";
import { printResult } from "../output.js";
import { formatBytes } from "./copy-progress.js";
import { readPlan } from "./plan-file.js";
import { progress } from "./progress.js";
import { renderProgress } from "./progress-output.js";
import { describeAuto, setAutoThrottle, type ThrottleRequest } from "./throttle.js";
import { waitUntilDone } from "./wait.js";

/** `--execute`: starts the plan's moves (checked first against the cluster), optionally throttled. */
export async function execute(
  settings: ClusterSettings,
  file: string,
  wait: boolean,
  throttle: ThrottleRequest | undefined,
): Promise<void> {
  const throttleBytesPerSecond = throttle?.bytesPerSecond;
  const plan = readPlan(file);
  const { results, rows } = await withAdmin(settings, async (admin) => {
    const cluster = await admin.describeCluster();
    const registered = new Set(cluster.brokers.map((broker) => broker.nodeId));
    for (const entry of plan.partitions) {
      const unknown = entry.replicas.filter((id) => !registered.has(id));
      if (unknown.length > 0) {
        throw new CliError(
          `${entry.topic}/${entry.partition}: broker ${unknown.join(",")} is not registered; nothing was moved`,
        );
      }
    }
    // Fails before anything moves when a topic or partition of the plan does not exist.
    await progress(admin, plan);
    const results = await admin.alterPartitionReassignments(
      plan.partitions,
      throttleBytesPerSecond === undefined ? {} : { throttleBytesPerSecond },
    );
    // The automatic mode's settings go in right after the moves started with its maximum as the
    // rate (the controller removes them with the rate once no move is left, also when every move
    // ended before they landed).
    if (throttle?.auto !== undefined && results.some((result) => result.error === null)) {
      await setAutoThrottle(admin, throttle.auto);
    }
    const rows = wait ? await waitUntilDone(admin, plan, settings) : [];
    return { results, rows };
  });
  const failed = results.filter((result) => result.error !== null);
  printResult(
    settings,
    {
      started: results.filter((result) => result.error === null).length,
      failed: failed.map((result) => ({
        topic: result.topic,
        partition: result.partition,
        error: result.error?.errorName,
        message: result.error?.message,
      })),
      ...(wait ? { progress: rows } : {}),
    },
    () =>
      [
        `started ${results.length - failed.length} of ${results.length} partition moves${
          throttle === undefined
            ? ""
            : throttle.auto === undefined
              ? `, reassignment traffic throttled to ${formatBytes(throttle.bytesPerSecond)}/s until the moves end`
              : `, reassignment traffic throttled until the moves end, automatically ${describeAuto(throttle.bytesPerSecond, throttle.auto)}`
        }`,
        ...failed.map(
          (result) =>
            `  ${result.topic}/${result.partition}: ${result.error?.errorName}: ${result.error?.message}`,
        ),
        ...(wait ? [renderProgress(rows)] : ["follow it with: rill reassign --verify <plan> [--wait]"]),
      ].join("\n"),
  );
  const first = failed[0]?.error;
  if (first !== undefined && first !== null) throw itemFailure(`${failed.length} partition moves`, first);
  if (wait && rows.some((row) => row.state !== "done")) {
    throw new CliError(`not done within --timeout-ms ${settings.timeoutMs}`, ExitCode.failure);
  }
}

/** `--cancel`: cancels the plan's moves still in progress; the controller restores their old replicas. */
export async function cancel(settings: ClusterSettings, file: string): Promise<void> {
  const plan = readPlan(file);
  const results = await withAdmin(settings, async (admin) => {
    const ongoing = await admin.listPartitionReassignments();
    const moving = plan.partitions.filter((entry) =>
      ongoing.some((item) => item.topic === entry.topic && item.partition === entry.partition),
    );
    if (moving.length === 0) return [];
    return admin.alterPartitionReassignments(
      moving.map((entry) => ({ topic: entry.topic, partition: entry.partition, replicas: null })),
    );
  });
  const failed = results.filter((result) => result.error !== null);
  printResult(settings, { cancelled: results.length - failed.length, failed: failed.length }, () =>
    results.length === 0
      ? "no partition of the plan is moving; nothing to cancel"
      : `cancelled ${results.length - failed.length} of ${results.length} moves (their original replicas are restored)`,
  );
  const first = failed[0]?.error;
  if (first !== undefined && first !== null) throw itemFailure(`cancel of ${failed.length} moves`, first);
}
