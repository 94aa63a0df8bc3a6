import { table } from "../output.js";
import { type CopyProgress, formatBytes, formatDuration, progressBar } from "./copy-progress.js";
import type { PartitionProgress } from "./progress.js";

const ids = (values: readonly number[]) => (values.length === 0 ? "-" : values.join(","));

function renderCopy(copy: CopyProgress | null): string[] {
  if (copy === null) return ["-", "-", "-"];
  return [
    `${progressBar(copy.copiedBytes, copy.totalBytes)} ${formatBytes(copy.copiedBytes)}/${formatBytes(copy.totalBytes)}`,
    copy.rateBytesPerSecond === null ? "-" : `${formatBytes(copy.rateBytesPerSecond)}/s`,
    formatDuration(copy.etaSeconds),
  ];
}

export function renderProgress(rows: readonly PartitionProgress[]): string {
  const done = rows.filter((row) => row.state === "done").length;
  return [
    table(
      [
        "TOPIC",
        "PARTITION",
        "STATE",
        "TARGET",
        "REPLICAS",
        "ISR",
        "ADDING",
        "REMOVING",
        "COPIED",
        "RATE",
        "ETA",
      ],
      rows.map((row) => [
        row.topic,
        String(row.partition),
        row.state,
        ids(row.target),
        ids(row.replicas),
        ids(row.isr),
        ids(row.adding),
        ids(row.removing),
        ...renderCopy(row.copy),
      ]),
    ),
    `${done} of ${rows.length} partitions done`,
  ].join("\n");
}

/** One line per poll of --wait: partitions done, and the bytes copied of those still copying. */
export function waitLine(rows: readonly PartitionProgress[], done: number): string {
  const copying = rows.filter((row) => row.state === "copying");
  const copied = copying.reduce((sum, row) => sum + (row.copy?.copiedBytes ?? 0), 0);
  const total = copying.reduce((sum, row) => sum + (row.copy?.totalBytes ?? 0), 0);
  const rate = copying.reduce((sum, row) => sum + (row.copy?.rateBytesPerSecond ?? 0), 0);
  const eta = total > copied && rate > 0 ? (total - copied) / rate : null;
  const bytes =
    copying.length === 0
      ? ""
      : ` ${progressBar(copied, total)} ${formatBytes(copied)}/${formatBytes(total)} at ${formatBytes(rate)}/s, ETA ${formatDuration(eta)}`;
  return `reassign: ${done}/${rows.length} done, ${copying.length} copying${bytes}`;
}
