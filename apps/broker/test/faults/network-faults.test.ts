/**
 * A seeded fault run in CI (see fault-run.ts): real processes each on a host of its own (network
 * namespaces), an idempotent acks=all producer, and every fault kind once — isolation, cuts from
 * the controllers (both ways and one way), a paused leader, kill -9 of the leader and of the
 * active controller, an isolated active controller, power loss (unsynced writes lost) of the leader
 * and of a majority of brokers, a failing and a full disk under the leader, a skewed and jumping wall clock on
 * the leader and on the active controller — each healed before the next. The checker
 * must find nothing acknowledged lost, duplicated, misplaced or reordered, and every replica's
 * stored batches identical below the high watermark after the run.
 *
 * `FAULT_SEED=n` reruns one seed; `pnpm faults --seeds 100` soaks many (scripts/faults.mjs).
 * The cluster runs the built apps (`npm test` builds first; after a source edit, `pnpm build`
 * before running this file alone: a stale build runs stale code).
 * Availability is printed, never asserted (tests hold no timing thresholds). Needs root for the
 * namespaces: CI runs as root; elsewhere vitest reports the file as skipped.
 */
import { describe, expect, it } from "vitest";
import { netnsAvailable } from "../support/netns-network.js";
import { runFaults } from "./fault-run.js";
import { FAULT_KINDS } from "./fault-schedule.js";

const seed = Number(process.env.FAULT_SEED ?? 1);

describe.skipIf(!netnsAvailable())(
  "seeded network, process, disk and clock faults (network namespaces)",
  () => {
    it(`seed ${seed}: every fault kind once, nothing acknowledged lost, duplicated or reordered`, async () => {
      const report = await runFaults({ seed, faults: FAULT_KINDS.length, log: (line) => console.info(line) });
      console.info(
        `fault run seed ${seed}: ${report.delivery.acknowledged} acknowledged, ${report.delivery.indeterminate} indeterminate, ` +
          `${report.replicasCompared.batchesCompared} batches identical on every replica; ` +
          `group: ${report.group.delivered} delivered, committed ${report.group.finalCommittedOffset} at the end, ` +
          `${report.group.commitSamples} commit samples; ` +
          report.faults
            .map(
              (fault) =>
                `${fault.kind}: acks again ${fault.acksAgainAfterMs} ms, ` +
                `${fault.newControllerAfterMs >= 0 ? `new controller ${fault.newControllerAfterMs} ms, ` : ""}full ISR ${fault.fullIsrAfterHealMs} ms after heal`,
            )
            .join("; "),
      );
      expect(new Set(report.faults.map((fault) => fault.kind))).toEqual(new Set(FAULT_KINDS));
      expect(report.delivery.acknowledged).toBeGreaterThan(0);
      expect(report.replicasCompared.batchesCompared).toBeGreaterThan(0);
      expect(report.anomalies, `seed ${seed}; logs kept in ${report.logsDir}`).toEqual({});
    }, 900_000);
  },
);
