/**
 * `rill controllers add|remove` on real processes (3 controllers + 3 brokers on 127.0.0.1): a 4th
 * controller started with the quorum as bootstrap servers (an observer) is added as a voter and
 * produces still succeed; bad input is refused with typed errors; the active controller removes
 * itself and the three others elect a leader and keep taking writes; and kill -9 of the leader in
 * the middle of an add leaves the voter set old or new (never half) with a retry that succeeds.
 */
import { AdminClient, Rill } from "@rill/client";
import { createControllerClient, fromGrpcError, isRillError } from "@rill/protocol";
import { freePorts, waitFor } from "@rill/protocol/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCluster, POLL_INTERVAL_MS } from "../../broker/test/support/local-cluster.js";
import { listControllers, settledQuorum } from "./controller-quorum.js";
import { runInProcess } from "./run-in-process.js";

const WAIT_MS = 60_000;

let cluster: LocalCluster;
let rill: Rill | undefined;

beforeAll(async () => {
  cluster = await LocalCluster.start({ controllers: 3, brokers: 3 });
}, 180_000);

afterAll(async () => {
  await rill?.disconnect();
  await cluster?.close();
});

function addresses(ids: readonly number[]): string {
  return ids.map((id) => cluster.process(`controller-${id}`).address).join(",");
}

/** Creates `topic` (RF 3) and produces one record with acks=all; retries an unknown outcome. */
async function createAndProduce(topic: string): Promise<void> {
  await waitFor(
    async () => {
      try {
        await cluster.createTopic(topic, { partitions: 1, replicationFactor: 3 });
        return true;
      } catch (error) {
        if (isRillError(error, "TOPIC_ALREADY_EXISTS")) return true;
        if (isRillError(error, "INDETERMINATE") || isRillError(error, "NOT_CONTROLLER")) return false;
        if (isRillError(error, "REQUEST_TIMED_OUT")) return false;
        throw error;
      }
    },
    { timeoutMs: WAIT_MS, intervalMs: 200, message: `topic ${topic} created` },
  );
  await cluster.waitForLeaders(topic, 1);
  rill ??= new Rill({ brokers: cluster.bootstrap.split(","), clientId: "controllers-add-test" });
  await rill.producer().send({ topic, messages: [{ value: `into ${topic}` }] });
}

async function cli(args: readonly string[]) {
  return runInProcess(["controllers", ...args]);
}

describe("rill controllers add and remove on real processes", () => {
  it("adds a 4th controller, refuses bad input, removes the active controller, survives kill -9 mid-add", async () => {
    const initial = addresses([1, 2, 3]);
    await settledQuorum(initial, [1, 2, 3], WAIT_MS);

    // Bad input, each refused with a typed error and nothing changed.
    const duplicate = await cli([
      "add",
      "--id",
      "2",
      "--address",
      cluster.process("controller-2").address,
      "--bootstrap",
      initial,
    ]);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain("INCONSISTENT_VOTER_SET");
    expect(duplicate.stderr).toContain("already a voter");
    const [silentPort] = (await freePorts(1)) as [number];
    const unreachable = await cli([
      "add",
      "--id",
      "4",
      "--address",
      `127.0.0.1:${silentPort}`,
      "--bootstrap",
      initial,
    ]);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain("OPERATION_NOT_ATTEMPTED");
    expect(unreachable.stderr).toContain("--controller-quorum-bootstrap-servers");
    const unknown = await cli(["remove", "--id", "9", "--bootstrap", initial]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("INCONSISTENT_VOTER_SET");
    const malformed = await cli(["add", "--id", "4", "--address", "no-port", "--bootstrap", initial]);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toContain("--address");

    // A 4th controller joins as an observer, then becomes a voter.
    const fourth = await cluster.joinController(4);
    // Serving once it answers (it knows no leader yet: no member sends it anything).
    await waitFor(
      () =>
        listControllers(fourth.address).then(
          () => true,
          () => false,
        ),
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: "controller 4 serves",
      },
    );
    const wrongId = await cli(["add", "--id", "5", "--address", fourth.address, "--bootstrap", initial]);
    expect(wrongId.status).toBe(1);
    expect(wrongId.stderr).toContain("is node 4, not 5");
    const added = await cli(["add", "--id", "4", "--address", fourth.address, "--bootstrap", initial]);
    expect(added).toMatchObject({ status: 0, stderr: "" });
    expect(added.stdout).toMatch(/^added controller 4 at .* as a voter/);
    const withFour = await settledQuorum(addresses([1, 2, 3, 4]), [1, 2, 3, 4], WAIT_MS);
    expect(withFour.controllers.find((c) => c.nodeId === 4)?.role).toMatch(/^(follower|leader)$/);
    // The new voter learned the others' addresses from the quorum: it answers `list` itself.
    await settledQuorum(fourth.address, [1, 2, 3, 4], WAIT_MS);
    await createAndProduce("after-add");

    // The active controller removes itself: it commits, steps down, the three others elect.
    const oldLeader = withFour.activeControllerId;
    const remaining = [1, 2, 3, 4].filter((id) => id !== oldLeader);
    const selfRemoval = await cli([
      "remove",
      "--id",
      String(oldLeader),
      "--bootstrap",
      addresses([oldLeader]),
    ]);
    expect(selfRemoval).toMatchObject({ status: 0, stderr: "" });
    expect(selfRemoval.stdout).toContain(`removed voter ${oldLeader}`);
    expect(selfRemoval.stdout).toContain("it was the active controller");
    // The others may name the old leader until their election timeout: wait for one of them.
    const afterRemoval = await waitFor(
      async () => {
        const quorum = await settledQuorum(addresses(remaining), remaining, WAIT_MS);
        return remaining.includes(quorum.activeControllerId) ? quorum : undefined;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "a remaining voter leads" },
    );
    // A removed controller no longer receives the log: it refuses the metadata stream (a broker
    // following it would act on a picture that never moves), so brokers follow the others while
    // it still runs; then it is stopped, as an operator would.
    const removedClient = createControllerClient(addresses([oldLeader]));
    try {
      const refusal = await new Promise<unknown>((resolve) => {
        const stream = removedClient.fetchMetadata({
          nodeId: -1,
          brokerEpoch: -1,
          fetchOffset: -1,
          maxBytes: 0,
        });
        stream.on("data", () => {});
        stream.on("error", resolve);
      });
      expect(fromGrpcError(refusal).errorName).toBe("SERVER_NOT_READY");
      expect(fromGrpcError(refusal).message).toContain("not a member of the metadata quorum");
    } finally {
      removedClient.close();
    }
    await createAndProduce("after-leader-removal");
    await cluster.stop(`controller-${oldLeader}`);

    // Restart the removed controller (an observer: its log no longer lists it), re-add it, and
    // kill -9 the leader in the middle of the add.
    cluster.startProcess(`controller-${oldLeader}`);
    await waitFor(
      () =>
        listControllers(addresses([oldLeader])).then(
          () => true,
          () => false,
        ),
      {
        timeoutMs: WAIT_MS,
        intervalMs: POLL_INTERVAL_MS,
        message: `controller ${oldLeader} serves again`,
      },
    );
    const leaderId = afterRemoval.activeControllerId;
    const admin = new AdminClient({ bootstrap: [addresses([leaderId])], timeoutMs: 5_000 });
    try {
      // Its outcome is unknown by design: the leader may die before, between or after the changes.
      const inFlight = admin.addVoter(oldLeader, addresses([oldLeader])).catch((error: unknown) => error);
      await waitFor(
        async () => {
          const quorum = await listControllers(addresses([leaderId]));
          return quorum.controllers.some((c) => c.nodeId === oldLeader) ? true : undefined;
        },
        { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: `${oldLeader} joins as an observer` },
      );
      await cluster.kill(`controller-${leaderId}`, "SIGKILL");
      await inFlight;
    } finally {
      admin.close();
    }
    const survivors = remaining.filter((id) => id !== leaderId);
    // Every survivor converges on one voter set, and it is the old or the new one, never a third.
    const converged = await waitFor(
      async () => {
        // One at a time: runInProcess captures this process's stdout.
        const views: (string | undefined)[] = [];
        for (const id of survivors) {
          const quorum = await listControllers(addresses([id]));
          views.push(
            quorum.activeControllerId > 0
              ? quorum.controllers
                  .filter((c) => c.role !== "observer")
                  .map((c) => c.nodeId)
                  .sort((a, b) => a - b)
                  .join(",")
              : undefined,
          );
        }
        return views.every((view) => view !== undefined && view === views[0]) ? views[0] : undefined;
      },
      { timeoutMs: WAIT_MS, intervalMs: POLL_INTERVAL_MS, message: "the survivors agree on the voters" },
    );
    const oldSet = remaining.join(",");
    const newSet = [...remaining, oldLeader].sort((a, b) => a - b).join(",");
    expect([oldSet, newSet]).toContain(converged);
    // A retry completes the change (or finds it done).
    const retry = await cli([
      "add",
      "--id",
      String(oldLeader),
      "--address",
      addresses([oldLeader]),
      "--bootstrap",
      addresses(survivors),
    ]);
    if (converged === oldSet) expect(retry).toMatchObject({ status: 0, stderr: "" });
    else expect(retry.stderr).toContain("already a voter");
    cluster.startProcess(`controller-${leaderId}`);
    const all = [...remaining, oldLeader].sort((a, b) => a - b);
    await settledQuorum(addresses(all), all, WAIT_MS);
    await createAndProduce("after-crash-mid-add");
  }, 300_000);
});
