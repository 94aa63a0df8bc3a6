/**
 * `rill controllers remove` under kill -9 of the active controller (3 controllers + 1 broker on
 * 127.0.0.1): the leader is killed while a removal is in flight; once it is back every voter
 * agrees on one voter set (the change happened or not), metadata writes commit, no change is left
 * pending (a follower can be removed next) and the active controller can remove itself.
 */
import { AdminClient } from "@rill/client";
import { waitFor } from "@rill/protocol/testing";
import { describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../../broker/test/support/local-cluster.js";
import { listControllers, settledQuorum } from "./controller-quorum.js";
import { runInProcess } from "./run-in-process.js";

const WAIT_MS = 60_000;
/** The one broker is the only replica: acks=all needs min.insync.replicas 1. */
const ONE_REPLICA = { "min.insync.replicas": "1" };

describe("rill controllers under a crash", () => {
  it("converges on one voter set when the leader is killed with -9 mid-change", async () => {
    const fresh = await LocalCluster.start({ controllers: 3, brokers: 1 });
    try {
      const all = fresh.controllerAddresses;
      const before = await settledQuorum(all, [1, 2, 3], WAIT_MS);
      const leaderId = before.activeControllerId;
      const target = before.controllers.find((controller) => controller.role === "follower")
        ?.nodeId as number;
      const admin = new AdminClient({
        bootstrap: [fresh.process(`controller-${leaderId}`).address],
        timeoutMs: 5_000,
      });
      try {
        // Its outcome is unknown by design: the leader may die before or after the commit.
        const inFlight = admin.removeVoter(target).catch(() => undefined);
        await fresh.kill(`controller-${leaderId}`, "SIGKILL");
        await inFlight;
      } finally {
        admin.close();
      }
      fresh.startProcess(`controller-${leaderId}`);
      // The members in force must agree; a removed target stops hearing from the leader, so its
      // own view counts only while it is still a voter.
      let lastViews: string[] = [];
      const agreed = await waitFor(
        async () => {
          // One after another: runInProcess captures the process's stdout, one command at a time.
          const views: string[] = [];
          for (const id of [1, 2, 3]) {
            const view = await listControllers(fresh.process(`controller-${id}`).address).catch(
              (error: unknown) => String(error),
            );
            if (typeof view === "string") views.push(`none: ${view}`);
            else if (view.activeControllerId <= 0) views.push("none: no leader");
            else views.push(view.controllers.map((controller) => controller.nodeId).join(","));
          }
          lastViews = views;
          const voterViews = views.filter((_, position) => position + 1 !== target);
          const [first] = voterViews;
          if (first === undefined || first.startsWith("none") || voterViews.some((view) => view !== first))
            return undefined;
          if (first.split(",").includes(String(target)) && views[target - 1] !== first) return undefined;
          return first;
        },
        {
          timeoutMs: WAIT_MS,
          intervalMs: POLL_INTERVAL_MS,
          message: "every voter reports the same voter set with a leader",
        },
      ).catch((error: unknown) => {
        const tails = [1, 2, 3].map((id) => fresh.logTail(`controller-${id}`, 15)).join("\n----\n");
        throw new Error(
          `${String(error)}; views of 1,2,3: ${lastViews.join(" | ")}; leader ${leaderId}, target ${target}\n${tails}`,
        );
      });
      const withoutTarget = [1, 2, 3].filter((id) => id !== target).join(",");
      expect([withoutTarget, "1,2,3"]).toContain(agreed);
      await fresh.createTopic("after-crash", {
        partitions: 1,
        replicationFactor: 1,
        configs: ONE_REPLICA,
      });
      // No change is left pending: a follower voter can be removed now.
      const voters = agreed.split(",").map(Number);
      const voterAddresses = voters.map((id) => fresh.process(`controller-${id}`).address).join(",");
      const now = await settledQuorum(voterAddresses, voters, WAIT_MS);
      const follower = now.controllers.find((controller) => controller.role === "follower")?.nodeId as number;
      const next = await runInProcess([
        "controllers",
        "remove",
        "--id",
        String(follower),
        "--bootstrap",
        all,
      ]);
      // On failure, the controllers' log tails say which process answered what.
      if (next.status !== 0) {
        const tails = [1, 2, 3].map((id) => fresh.logTail(`controller-${id}`, 8)).join("\n----\n");
        throw new Error(
          `remove ${follower} via ${voterAddresses} exited ${next.status}: ${next.stderr}\n${tails}`,
        );
      }
      const leader = now.activeControllerId;
      const self = await runInProcess([
        "controllers",
        "remove",
        "--id",
        String(leader),
        "--bootstrap",
        voterAddresses,
      ]);
      // The active controller may remove itself: it commits the change, then steps down.
      expect(self).toMatchObject({ status: 0, stderr: "" });
      expect(self.stdout).toContain("it was the active controller");
    } finally {
      await fresh.close();
    }
  }, 240_000);
});
