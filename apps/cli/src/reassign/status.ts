import { type ClusterSettings, withAdmin } from "../commands/cluster.js";
import { CliError } from "../errors.js";
import { printResult } from "../output.js";
import { formatBytes } from "./copy-progress.js";
import { readPlan } from "./plan-file.js";
import { describeOrFail, progress, progressOf, sampleLogSizes } from "./progress.js";
import { renderProgress } from "./progress-output.js";
import { describeAuto, REASSIGNMENT_THROTTLE_CONFIG, reassignmentThrottle } from "./throttle.js";
import { waitUntilDone } from "./wait.js";

/** `--status` samples log sizes twice this far apart to measure copy rates. */
export const statusSampleMs = 1_000;

/** `--verify`: whether the plan has landed (an error names the partitions that have not). */
export async function verify(settings: ClusterSettings, file: string, wait: boolean): Promise<void> {
  const plan = readPlan(file);
  const rows = await withAdmin(settings, async (admin) =>
    wait ? waitUntilDone(admin, plan, settings) : (await progress(admin, plan)).rows,
  );
  printResult(settings, { partitions: rows }, () => renderProgress(rows));
  const pending = rows.filter((row) => row.state !== "done").length;
  if (pending > 0) throw new CliError(`${pending} of ${rows.length} partitions have not landed yet`);
}

/** `--status`: every move in progress with its copy rate, and the throttle in force. */
export async function status(settings: ClusterSettings): Promise<void> {
  const { rows, throttle } = await withAdmin(settings, async (admin) => {
    const throttle = await reassignmentThrottle(admin);
    const ongoing = await admin.listPartitionReassignments();
    if (ongoing.length === 0) return { rows: [], throttle };
    const topicNames = ongoing.map((entry) => entry.topic);
    // Two samples of the log sizes, statusSampleMs apart, give each move's copy rate.
    const earlier = await sampleLogSizes(admin, topicNames);
    await new Promise((resolve) => setTimeout(resolve, statusSampleMs));
    const latest = await sampleLogSizes(admin, topicNames);
    const topics = await describeOrFail(admin, topicNames);
    const now = await admin.listPartitionReassignments();
    const rows = now.map((entry) =>
      progressOf(
        {
          topic: entry.topic,
          partition: entry.partition,
          replicas: entry.replicas.filter((id) => !entry.removingReplicas.includes(id)),
        },
        topics,
        now,
        { latest, earlier },
      ),
    );
    return { rows, throttle };
  });
  const throttleLine =
    throttle === null
      ? "throttle: none"
      : throttle.auto === null
        ? `throttle: ${formatBytes(throttle.bytesPerSecond)}/s (${REASSIGNMENT_THROTTLE_CONFIG})`
        : `throttle: automatic, ${describeAuto(throttle.bytesPerSecond, throttle.auto)}`;
  const json = {
    partitions: rows,
    throttleBytesPerSecond: throttle?.bytesPerSecond ?? null,
    throttleAuto: throttle?.auto ?? null,
  };
  printResult(settings, json, () =>
    rows.length === 0
      ? `no reassignment in progress; ${throttleLine}`
      : `${renderProgress(rows)}\n${throttleLine}`,
  );
}
