import { type DataClient, decodeFetchedBatches, recordsFrom } from "@rill/client";
import { type GroupV1, isRillError, RillError } from "@rill/protocol";
import type { GroupCoordinator } from "./group-coordinator.js";

/** Partitions whose log end is asked for at once (one DescribeGroupOffsets of a big group). */
const LAG_READS_IN_PARALLEL_MAX = 16;
/** Bytes fetched at the committed offset to learn the next record's timestamp (one batch at least). */
const LAG_FETCH_BYTES_MAX = 1;

/** A partition's log end and the age of the first record not yet consumed. */
interface PartitionLag {
  readonly logEndOffset: number;
  readonly lagRecords: number;
  readonly lagMs: number;
}

const UNKNOWN_LAG: PartitionLag = { logEndOffset: -1, lagRecords: -1, lagMs: -1 };

/**
 * Lag of groups, computed on the coordinator (what Kafka leaves to outside tools): for each
 * partition a group has a committed offset for or assigned to a member, the committed offset,
 * the log end (the leader's high watermark, asked for through the SDK's data client, so a
 * partition led elsewhere costs one Fetch), the records in between, and the age of the oldest of
 * them (now minus its timestamp; 0 when caught up).
 */
export class GroupLagReader {
  readonly #coordinator: GroupCoordinator;
  readonly #data: () => DataClient;
  readonly #clock: () => number;

  constructor(options: { coordinator: GroupCoordinator; data: () => DataClient; clock?: () => number }) {
    this.#coordinator = options.coordinator;
    this.#data = options.data;
    this.#clock = options.clock ?? Date.now;
  }

  /** One group's offsets and lag; a failure (e.g. NOT_COORDINATOR, GROUP_ID_NOT_FOUND) in the item. */
  async describeGroupOffsets(groupId: string): Promise<GroupV1.GroupOffsets__Output> {
    try {
      const rows = await this.#coordinator.read(groupId, (shard) => {
        if (!shard.hasGroup(groupId))
          throw new RillError("GROUP_ID_NOT_FOUND", `group ${groupId} does not exist`);
        const byKey = new Map<
          string,
          { topic: string; partition: number; committed: number; metadata: string; memberId: string }
        >();
        for (const entry of shard.fetchOffsets(groupId, undefined)) {
          byKey.set(`${entry.topic}\u0000${entry.partition}`, {
            topic: entry.topic,
            partition: entry.partition,
            committed: entry.committed?.offset ?? -1,
            metadata: entry.committed?.metadata ?? "",
            memberId: "",
          });
        }
        for (const member of shard.group(groupId)?.members.values() ?? []) {
          for (const [topic, partitions] of member.assigned) {
            for (const partition of partitions) {
              const key = `${topic}\u0000${partition}`;
              const row = byKey.get(key) ?? { topic, partition, committed: -1, metadata: "", memberId: "" };
              byKey.set(key, { ...row, memberId: member.memberId });
            }
          }
        }
        return [...byKey.values()].sort((a, b) =>
          a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
        );
      });
      const lags = await mapLimited(rows, LAG_READS_IN_PARALLEL_MAX, (row) =>
        this.partitionLag(row.topic, row.partition, row.committed),
      );
      return {
        groupId,
        errorCode: 0,
        errorMessage: "",
        partitions: rows.map((row, index) => {
          const lag = lags[index] ?? UNKNOWN_LAG;
          return {
            topic: row.topic,
            partition: row.partition,
            committedOffset: row.committed,
            metadata: row.metadata,
            logEndOffset: lag.logEndOffset,
            lagRecords: lag.lagRecords,
            lagMs: lag.lagMs,
            memberId: row.memberId,
          };
        }),
      };
    } catch (error) {
      if (!isRillError(error)) throw error;
      return { groupId, errorCode: error.code, errorMessage: error.message, partitions: [] };
    }
  }

  /**
   * The lag of one partition at `committed` (-1: nothing committed, lag unknown). Any failure
   * to reach the leader leaves the figures unknown (-1) rather than failing the whole answer.
   */
  async partitionLag(topic: string, partition: number, committed: number): Promise<PartitionLag> {
    const data = this.#data();
    try {
      if (committed >= 0) {
        const fetched = await data
          .fetch({ topic, partition, offset: committed, maxBytes: LAG_FETCH_BYTES_MAX, maxWaitMs: 0 })
          .catch((error: unknown) => {
            if (isRillError(error, "OFFSET_OUT_OF_RANGE")) return undefined;
            throw error;
          });
        if (fetched !== undefined) {
          const logEndOffset = fetched.highWatermark;
          if (committed >= logEndOffset) return { logEndOffset, lagRecords: 0, lagMs: 0 };
          const next = recordsFrom(decodeFetchedBatches(fetched.records), committed)[0];
          return {
            logEndOffset,
            lagRecords: logEndOffset - committed,
            lagMs: next === undefined ? -1 : Math.max(0, this.#clock() - next.timestamp),
          };
        }
      }
      const latest = await data.listOffsets({ topic, partition, spec: "latest" });
      return {
        logEndOffset: latest.offset,
        lagRecords: committed >= 0 ? Math.max(0, latest.offset - committed) : -1,
        lagMs: committed >= 0 && committed >= latest.offset ? 0 : -1,
      };
    } catch (error) {
      if (!isRillError(error)) throw error;
      return UNKNOWN_LAG;
    }
  }
}

/** `fn` over `items` with at most `limit` running at once, results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
