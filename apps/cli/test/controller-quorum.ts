/**
 * The controller quorum as `rill controllers list --json` shows it, for the real-process tests of
 * `rill controllers` (shared by the plain and the crash tests).
 */
import { waitFor } from "@rill/protocol/testing";
import { POLL_INTERVAL_MS } from "../../broker/test/support/local-cluster.js";
import { runInProcess } from "./run-in-process.js";

export interface ListedController {
  readonly nodeId: number;
  readonly role: string;
}

export interface ListedQuorum {
  readonly activeControllerId: number;
  readonly controllers: readonly ListedController[];
}

export async function listControllers(bootstrap: string): Promise<ListedQuorum> {
  const result = await runInProcess(["controllers", "list", "--bootstrap", bootstrap, "--json"]);
  if (result.status !== 0) throw new Error(`controllers list exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as ListedQuorum;
}

/** The quorum once every listed member answers with a role and a leader is known. */
export function settledQuorum(
  bootstrap: string,
  voters: readonly number[],
  timeoutMs: number,
): Promise<ListedQuorum> {
  return waitFor(
    async () => {
      const quorum = await listControllers(bootstrap);
      const ids = quorum.controllers.map((controller) => controller.nodeId);
      const answered = quorum.controllers.every((controller) => controller.role !== "unknown");
      return quorum.activeControllerId > 0 && answered && ids.join(",") === voters.join(",")
        ? quorum
        : undefined;
    },
    { timeoutMs, intervalMs: POLL_INTERVAL_MS, message: `voters ${voters.join(",")} with a leader` },
  );
}
