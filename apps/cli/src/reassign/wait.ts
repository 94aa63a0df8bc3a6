import type { AdminClient } from "@rill/client";
import type { ClusterSettings } from "../commands/cluster.js";
import type { LogSizeSample } from "./copy-progress.js";
import type { ReassignmentPlan } from "./plan.js";
import { progress } from "./progress.js";
import { waitLine } from "./progress-output.js";

/** How often `--execute --wait` and `--verify --wait` look at the cluster. */
export const reassignPollMs = 1_000;

/** Polls until every partition of the plan is done, printing a line whenever the count changes. */
export async function waitUntilDone(admin: AdminClient, plan: ReassignmentPlan, settings: ClusterSettings) {
  const deadline = Date.now() + settings.timeoutMs;
  let earlier: LogSizeSample | undefined;
  for (;;) {
    const { rows, sample } = await progress(admin, plan, earlier);
    earlier = sample;
    const done = rows.filter((row) => row.state === "done").length;
    if (!settings.json) process.stderr.write(`${waitLine(rows, done)}\n`);
    if (done === rows.length) return rows;
    if (Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, reassignPollMs));
  }
}
