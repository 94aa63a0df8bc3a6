/**
 * `rill controllers list|remove` on real processes (3 controllers + 1 broker on 127.0.0.1): a
 * follower voter is removed through the CLI, the quorum of the two others keeps taking metadata
 * writes and produces succeed, and a remaining controller restarted with the same (longer)
 * `controller.quorum.voters` keeps the committed, smaller voter set. (Adding a controller and
 * removing the active one: controllers-add.test.ts.)
 */
import { Rill } from "@rill/client";
import { isRillError } from "@rill/protocol";
import { waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster } from "../../broker/test/support/local-cluster.js";
import { settledQuorum } from "./controller-quorum.js";
import { runInProcess } from "./run-in-process.js";

const WAIT_MS = 60_000;
/** The one broker is the only replica: acks=all needs min.insync.replicas 1. */
const ONE_REPLICA = { "min.insync.replicas": "1" };

let cluster: LocalCluster;
let rill: Rill | undefined;

beforeAll(async () => {
  cluster = await LocalCluster.start({ controllers: 3, brokers: 1 });
}, 180_000);

afterAll(async () => {
  await rill?.disconnect();
  await cluster?.close();
});

describe("rill controllers on real processes", () => {
  it("removes a follower voter; the two others keep the quorum available, also after a restart", async () => {
    const all = cluster.controllerAddresses;
    const before = await settledQuorum(all, [1, 2, 3], WAIT_MS);
    expect(before.controllers.filter((controller) => controller.role === "leader")).toHaveLength(1);
    const removed = before.controllers.find((controller) => controller.role === "follower")?.nodeId as number;
    const remaining = [1, 2, 3].filter((id) => id !== removed);

    const removal = await runInProcess([
      "controllers",
      "remove",
      "--id",
      String(removed),
      "--bootstrap",
      all,
    ]);
    expect(removal).toMatchObject({ status: 0, stderr: "" });
    expect(removal.stdout).toMatch(new RegExp(`^removed voter ${removed} from the controller quorum`));

    // A second removal of the same voter is refused: it is no longer a member.
    const again = await runInProcess(["controllers", "remove", "--id", String(removed), "--bootstrap", all]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("INCONSISTENT_VOTER_SET");

    const remainingAddresses = remaining.map((id) => cluster.process(`controller-${id}`).address).join(",");
    await settledQuorum(remainingAddresses, remaining, WAIT_MS);
    await cluster.kill(`controller-${removed}`, "SIGKILL");

    // Two of two voters commit: a topic is created and a produce with acks=all succeeds.
    await cluster.createTopic("after-removal", { partitions: 1, replicationFactor: 1, configs: ONE_REPLICA });
    await cluster.waitForLeaders("after-removal", 1);
    rill = new Rill({ brokers: cluster.bootstrap.split(","), clientId: "controllers-test" });
    const producer = rill.producer();
    await producer.send({ topic: "after-removal", messages: [{ value: "still-available" }] });

    await settledQuorum(remainingAddresses, remaining, WAIT_MS);

    // A remaining voter restarted with the original three-voter flag uses the committed set.
    const restarted = remaining.find((id) => id !== before.activeControllerId) ?? (remaining[0] as number);
    await cluster.restart(`controller-${restarted}`);
    await settledQuorum(remainingAddresses, remaining, WAIT_MS);
    // A two-voter quorum whose member just restarted may still change leader: a create whose
    // outcome is unknown (INDETERMINATE) is tried again, and "already exists" means it committed.
    await waitFor(
      async () => {
        try {
          await cluster.createTopic("after-restart", {
            partitions: 1,
            replicationFactor: 1,
            configs: ONE_REPLICA,
          });
          return true;
        } catch (error) {
          if (isRillError(error, "TOPIC_ALREADY_EXISTS")) return true;
          if (isRillError(error, "INDETERMINATE") || isRillError(error, "NOT_CONTROLLER")) return false;
          throw error;
        }
      },
      { timeoutMs: WAIT_MS, intervalMs: 200, message: "topic after-restart created" },
    );
    await cluster.waitForLeaders("after-restart", 1);
    await producer.send({ topic: "after-restart", messages: [{ value: "after restart" }] });
  }, 240_000);
});
