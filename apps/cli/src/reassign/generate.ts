import { writeFileSync } from "node:fs";
import { type ClusterSettings, withAdmin } from "../commands/cluster.js";
import { CliError, UsageError } from "../errors.js";
import { printResult, table } from "../output.js";
import { formatBytes } from "./copy-progress.js";
import { generatePlan, partitionKey, planVersion, type ReassignmentPlan, summarizePlan } from "./plan.js";
import { rollbackFile } from "./plan-file.js";
import { assignmentsOf, describeOrFail, sampleLogSizes } from "./progress.js";

/** The options of `rill reassign --generate`. */
export interface GenerateOptions {
  readonly topics?: string;
  readonly brokers?: string;
  readonly output?: string;
}

function parseBrokerIds(text: string): number[] {
  const ids = text.split(",").map((part) => part.trim());
  for (const id of ids) if (!/^\d+$/.test(id)) throw new UsageError(`--brokers: '${id}' is not a broker id`);
  const unique = [...new Set(ids.map(Number))];
  if (unique.length !== ids.length) throw new UsageError("--brokers: a broker is named twice");
  return unique;
}

/** `--generate`: a balanced, rack-aware plan for the topics over the brokers, and the assignment to roll back to. */
export async function generate(settings: ClusterSettings, options: GenerateOptions): Promise<void> {
  if (options.topics === undefined || options.brokers === undefined) {
    throw new UsageError("--generate needs --topics a,b,... and --brokers id,id,...");
  }
  const topicNames = options.topics
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (topicNames.length === 0) throw new UsageError("--topics: no topic named");
  const brokerIds = parseBrokerIds(options.brokers);
  const { current, plan, sizes } = await withAdmin(settings, async (admin) => {
    const cluster = await admin.describeCluster();
    const registered = new Map(cluster.brokers.map((broker) => [broker.nodeId, broker]));
    const unknown = brokerIds.filter((id) => !registered.has(id));
    if (unknown.length > 0)
      throw new CliError(`--brokers: ${unknown.join(",")} not registered in the cluster`);
    const current = assignmentsOf(await describeOrFail(admin, topicNames));
    const brokers = brokerIds.map((nodeId) => ({ nodeId, rack: registered.get(nodeId)?.rack ?? "" }));
    const sample = await sampleLogSizes(admin, topicNames);
    const sizes = new Map(
      sample.sizes.filter((size) => size.isLeader).map((size) => [partitionKey(size), size.copiedBytes]),
    );
    return { current, plan: generatePlan(current, brokers), sizes };
  });
  const summary = summarizePlan(current, plan, sizes);
  const rollback: ReassignmentPlan = { version: planVersion, partitions: current };
  if (options.output !== undefined) {
    writeFileSync(options.output, `${JSON.stringify(plan, null, 2)}\n`);
    writeFileSync(rollbackFile(options.output), `${JSON.stringify(rollback, null, 2)}\n`);
  }
  printResult(settings, { plan, rollback, summary }, () =>
    [
      "Current assignment (save it to roll back with --execute):",
      JSON.stringify(rollback),
      "",
      ...(options.output === undefined
        ? ["Proposed assignment (save it to a file for --execute):", JSON.stringify(plan)]
        : [`Proposed assignment written to ${options.output} (rollback: ${rollbackFile(options.output)})`]),
      "",
      `${summary.partitionsMoved} of ${plan.partitions.length} partitions move; ${formatBytes(summary.bytesToMove)} to copy.`,
      table(
        [
          "BROKER",
          "REPLICAS-ADDED",
          "BYTES-IN",
          "REPLICAS-REMOVED",
          "REPLICAS-AFTER",
          "PREFERRED-LEADERS-AFTER",
        ],
        [...new Set([...brokerIds.map(String), ...Object.keys(summary.replicasRemoved)])]
          .sort((a, b) => Number(a) - Number(b))
          .map((id) => [
            id,
            String(summary.replicasAdded[id] ?? 0),
            formatBytes(summary.bytesAdded[id] ?? 0),
            String(summary.replicasRemoved[id] ?? 0),
            String(summary.replicasAfter[id] ?? 0),
            String(summary.leadersAfter[id] ?? 0),
          ]),
      ),
    ].join("\n"),
  );
}
