import {
  crc32c,
  createReplicationClient,
  fromGrpcError,
  type ReplicationV1,
  RillError,
} from "@rill/protocol";
import { type NodeId, offset } from "@rill/protocol/ids";
import type { StagedFileKind, StagedSegment } from "@rill/storage";
import type { PartitionReplica } from "./partition-replica.js";
import { waitForAny } from "./partition-signal.js";
import type { ReplicaDirectory } from "./replica-directory.js";

/**
 * A staged segment's log file is made durable (the resume point) after every quarter of it, and
 * at least every this many bytes: a restart sends again at most that much, and the three fsyncs
 * of a checkpoint stay rare next to the data (every 4 MiB they halved the copy rate here).
 */
export const COPY_CHECKPOINT_BYTES_MAX = 32 * 1024 * 1024;
/** Failed copy attempts in a row before the replica falls back to plain fetching. */
export const COPY_ATTEMPTS_MAX = 10;

const FILE_KINDS: Readonly<Record<string, StagedFileKind>> = {
  SEGMENT_FILE_KIND_LOG: "log",
  SEGMENT_FILE_KIND_OFFSET_INDEX: "offsetIndex",
  SEGMENT_FILE_KIND_TIME_INDEX: "timeIndex",
};

interface Copy {
  readonly leaderEpoch: number;
  readonly abort: AbortController;
  staged: StagedSegment | undefined;
  /** Every segment installed so far by this copy. */
  installedBytes: number;
}

/**
 * The follower side of bulk copy. A replica this broker is being added to (the image lists it in
 * `addingReplicas`), following a leader, whose log ends on an empty active segment, first copies
 * the leader's sealed segments as whole files (FetchSegments), installing each when complete,
 * and only then follows the active segment through the follower fetcher, which leaves it alone
 * meanwhile (see `claims`). A staged segment's durable part survives a broken stream and a
 * restart: the next attempt resumes from it. A copy that fails COPY_ATTEMPTS_MAX times in a
 * row, or finds nothing sealed to copy, leaves the replica to plain fetching.
 */
export class SegmentCopier {
  readonly #directory: ReplicaDirectory;
  readonly #leaderAddress: (leaderId: NodeId) => string | undefined;
  readonly #copies = new Map<PartitionReplica, Copy>();
  /** Replicas done with bulk copy for a leader epoch (copied, nothing to copy, or gave up). */
  readonly #finished = new WeakMap<PartitionReplica, number>();
  /** Log bytes installed by bulk copy since the broker started (tests, figures). */
  bytesInstalled = 0;
  /** Segment file bytes received since the broker started (less than installed after a resume). */
  bytesReceived = 0;
  #closed = false;

  constructor(options: {
    directory: ReplicaDirectory;
    leaderAddress: (leaderId: NodeId) => string | undefined;
  }) {
    this.#directory = options.directory;
    this.#leaderAddress = options.leaderAddress;
  }

  /**
   * True while bulk copy owns `replica` (the fetcher must not fetch it): a copy runs, or one
   * should and is started now.
   */
  claims(replica: PartitionReplica): boolean {
    const follower = replica.readyFollower();
    const running = this.#copies.get(replica);
    if (running !== undefined) {
      if (follower !== undefined && follower.leaderEpoch === running.leaderEpoch) return true;
      running.abort.abort();
      return true;
    }
    if (this.#closed || follower === undefined) return false;
    if (this.#finished.get(replica) === follower.leaderEpoch) return false;
    const registration = this.#directory.image().partition(replica.topicId, replica.partition);
    if (registration === undefined || !registration.addingReplicas.includes(this.#directory.brokerId))
      return false;
    if (!replica.log.activeSegmentIsEmpty) return false;
    const copy: Copy = {
      leaderEpoch: follower.leaderEpoch,
      abort: new AbortController(),
      staged: undefined,
      installedBytes: 0,
    };
    this.#copies.set(replica, copy);
    void this.#run(replica, copy).finally(() => {
      this.#copies.delete(replica);
      void copy.staged?.close();
      this.#finished.set(replica, copy.leaderEpoch);
      this.#directory.rolesChanged.notify();
    });
    return true;
  }

  /** Bytes staged and not yet installed for `replica` (0 when no copy runs). */
  stagedBytes(replica: PartitionReplica): number {
    return this.#copies.get(replica)?.staged?.stagedBytes ?? 0;
  }

  /** Stops every copy (their durable progress stays for a later resume). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const copy of this.#copies.values()) copy.abort.abort();
  }

  async #run(replica: PartitionReplica, copy: Copy): Promise<void> {
    const config = this.#directory.config;
    let backoffMs = config.replicaFetchBackoffMs;
    for (let attempt = 1; attempt <= COPY_ATTEMPTS_MAX && !copy.abort.signal.aborted; attempt += 1) {
      try {
        await this.#attempt(replica, copy);
        return;
      } catch (error) {
        if (copy.abort.signal.aborted) return;
        const rill = error instanceof RillError ? error : fromGrpcError(error);
        this.#directory.logger.warn(
          {
            topic: replica.topic,
            partition: replica.partition,
            attempt,
            error: rill.errorName,
            message: rill.message,
          },
          "bulk copy failed; resuming from the last durable chunk",
        );
      }
      await waitForAny([], backoffMs, copy.abort.signal);
      backoffMs = Math.min(backoffMs * 2, config.replicaFetchBackoffMaxMs);
    }
    if (copy.abort.signal.aborted) return;
    // Given up: plain fetching takes over and appends to the active segment, so a staged copy
    // could never be installed; it goes.
    await copy.staged?.close();
    copy.staged = undefined;
    await replica.log.discardStagedSegments().catch(() => undefined);
  }

  /** One FetchSegments stream: stages and installs segments until it ends. */
  async #attempt(replica: PartitionReplica, copy: Copy): Promise<void> {
    const follower = replica.readyFollower();
    if (follower === undefined || follower.leaderEpoch !== copy.leaderEpoch) return;
    const address = this.#leaderAddress(follower.leaderId);
    if (address === undefined)
      throw new RillError("LEADER_NOT_AVAILABLE", `no address for broker ${follower.leaderId}`);
    await copy.staged?.close();
    let staged = await replica.log.findStagedSegment();
    if (staged !== undefined && staged.header.baseOffset !== replica.log.logEndOffset) {
      await staged.close();
      await replica.log.discardStagedSegments();
      staged = undefined;
    }
    copy.staged = staged;
    const resumePosition = staged?.durableLogBytes ?? 0;
    if (staged !== undefined) {
      this.#directory.logger.info(
        {
          topic: replica.topic,
          partition: replica.partition,
          baseOffset: staged.header.baseOffset,
          resumePosition,
        },
        "bulk copy resumes a staged segment",
      );
    }
    const client = createReplicationClient(address, { extra: { "grpc.use_local_subchannel_pool": 1 } });
    const call = client.FetchSegments({
      replicaId: this.#directory.brokerId,
      brokerEpoch: this.#directory.brokerEpoch(),
      topicId: replica.topicId,
      topic: replica.topic,
      partition: replica.partition,
      currentLeaderEpoch: follower.leaderEpoch,
      startOffset: replica.log.logEndOffset,
      resumePosition,
    });
    const cancel = () => call.cancel();
    copy.abort.signal.addEventListener("abort", cancel, { once: true });
    let sinceCheckpoint = 0;
    let first = true;
    try {
      for await (const message of call as AsyncIterable<ReplicationV1.FetchSegmentsResponse__Output>) {
        if (message.segment !== null && message.segment !== undefined) {
          const header = message.segment;
          const resumed = first && staged !== undefined && staged.header.baseOffset === header.baseOffset;
          first = false;
          if (!resumed) {
            await copy.staged?.close();
            if (header.baseOffset !== replica.log.logEndOffset) {
              // The leader's log starts later than this empty one: start there (as a fetch would).
              await replica.restartEmptyLogAt(follower, offset(header.baseOffset));
            }
            copy.staged = await replica.log.stageSegment({
              baseOffset: header.baseOffset,
              nextOffset: header.nextOffset,
              logBytes: header.logBytes,
              offsetIndexBytes: header.offsetIndexBytes,
              timeIndexBytes: header.timeIndexBytes,
              epochs: header.epochs.map((entry) => ({ epoch: entry.epoch, startOffset: entry.startOffset })),
            });
          }
          sinceCheckpoint = 0;
          continue;
        }
        const chunk = message.chunk;
        const current = copy.staged;
        if (chunk === null || chunk === undefined || current === undefined) {
          throw new RillError("CORRUPT_MESSAGE", "segment chunk without a segment header");
        }
        if (crc32c(chunk.data) !== chunk.crc32c) {
          throw new RillError(
            "CORRUPT_MESSAGE",
            `CRC-32C mismatch in a chunk of segment ${current.header.baseOffset}`,
          );
        }
        const kind = FILE_KINDS[chunk.file];
        if (kind === undefined) throw new RillError("CORRUPT_MESSAGE", `unknown segment file ${chunk.file}`);
        await current.write(kind, chunk.position, chunk.data);
        this.bytesReceived += chunk.data.length;
        if (kind === "log") {
          sinceCheckpoint += chunk.data.length;
          if (sinceCheckpoint >= Math.min(COPY_CHECKPOINT_BYTES_MAX, current.header.logBytes / 4)) {
            await current.checkpoint();
            sinceCheckpoint = 0;
          }
        }
        if (current.isComplete) {
          await current.seal();
          await replica.installCopiedSegment(follower, current);
          copy.staged = undefined;
          copy.installedBytes += current.header.logBytes;
          this.bytesInstalled += current.header.logBytes;
        }
      }
    } finally {
      copy.abort.signal.removeEventListener("abort", cancel);
      call.cancel();
      client.close();
    }
    // A stream that ended mid-segment keeps its durable part for the next attempt.
    if (copy.staged !== undefined) {
      await copy.staged.checkpoint();
      throw new RillError("NETWORK_EXCEPTION", "the segment stream ended inside a segment");
    }
    this.#directory.logger.info(
      {
        topic: replica.topic,
        partition: replica.partition,
        bytes: copy.installedBytes,
        logEndOffset: replica.log.logEndOffset,
      },
      "bulk copy done; following the active segment",
    );
  }
}
