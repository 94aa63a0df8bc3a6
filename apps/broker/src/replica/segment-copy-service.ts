import {
  crc32c,
  type HandlerOptions,
  type ReplicationV1,
  RillError,
  serverStreamHandler,
  writeMessage,
} from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import { checkLeaderEpoch } from "@rill/replication";
import type { ReassignmentThrottle } from "./reassignment-throttle.js";
import type { ReplicaDirectory } from "./replica-directory.js";
import { decodeLeaderEpoch } from "./wire-epoch.js";

/**
 * Bytes of a segment file per chunk: large enough that gRPC's per-message cost stays small next
 * to the disk read, well inside the gRPC message limit.
 */
export const SEGMENT_CHUNK_BYTES = 1024 * 1024;

type FetchSegmentsCall = Parameters<ReplicationV1.ReplicationServiceHandlers["FetchSegments"]>[0];

/**
 * The leader side of bulk copy (FetchSegments): for a replica of the partition, streams the
 * sealed segments from `start_offset` as whole files — `.log` from `resume_position`, then both
 * index files — in chunks with their CRC-32C, at the reassignment throttle when the replica is
 * being added. Ends after the last sealed segment (at once when none starts at `start_offset`);
 * a segment deleted meanwhile (retention) fails the call with OFFSET_OUT_OF_RANGE.
 */
async function serveSegments(
  directory: ReplicaDirectory,
  throttle: ReassignmentThrottle,
  call: FetchSegmentsCall,
): Promise<void> {
  const request = call.request;
  // Branded once, where the request is decoded; a bad id fails the call with INVALID_REQUEST.
  const replicaId = decodeNodeId("replica_id", request.replicaId);
  const cancelled = new AbortController();
  call.once("cancelled", () => cancelled.abort());
  call.once("close", () => cancelled.abort());
  const replica = directory.lookup(request.topic, request.partition);
  if (replica instanceof RillError) throw replica;
  if (request.topicId !== "" && replica.topicId !== request.topicId) {
    throw new RillError("UNKNOWN_TOPIC_OR_PARTITION", `topic id ${request.topicId} is not current`);
  }
  const registered = directory.image().brokers.get(replicaId);
  if (registered !== undefined && request.brokerEpoch > 0 && request.brokerEpoch < registered.brokerEpoch) {
    throw new RillError(
      "STALE_BROKER_EPOCH",
      `broker epoch ${request.brokerEpoch} < ${registered.brokerEpoch}`,
    );
  }
  const leaderState = () => {
    const leader = replica.activeLeader();
    if (leader === undefined) throw directory.notLeaderError(request.topic, request.partition);
    const state = leader.partitionState;
    const currentLeaderEpoch = decodeLeaderEpoch("current_leader_epoch", request.currentLeaderEpoch);
    if (currentLeaderEpoch instanceof RillError) throw currentLeaderEpoch;
    const epochError = checkLeaderEpoch(currentLeaderEpoch, state.leaderEpoch);
    if (epochError !== undefined) throw epochError;
    if (!state.replicas.includes(replicaId)) {
      throw new RillError(
        "NOT_LEADER_OR_FOLLOWER",
        `broker ${request.replicaId} is not a replica of this partition`,
      );
    }
  };
  leaderState();
  const sent = throttle.forPartition(replica.topicId, replica.partition);
  let resumePosition = Math.max(0, request.resumePosition);
  for (const baseOffset of replica.log.sealedSegmentsFrom(request.startOffset)) {
    const segment = replica.log.sealedSegment(baseOffset);
    if (segment === undefined) {
      throw new RillError("OFFSET_OUT_OF_RANGE", `segment ${baseOffset} was deleted during the copy`);
    }
    await writeMessage(call, {
      segment: {
        baseOffset,
        nextOffset: segment.nextOffset,
        logBytes: segment.logBytes,
        offsetIndexBytes: segment.offsetIndex.length,
        timeIndexBytes: segment.timeIndex.length,
        epochs: segment.epochs.map((entry) => ({ epoch: entry.epoch, startOffset: entry.startOffset })),
        logStartOffset: replica.log.logStartOffset,
      },
    });
    const send = async (
      file: ReplicationV1.SegmentFileKind,
      position: number,
      data: Buffer,
    ): Promise<void> => {
      await throttle.waitForAllowance(
        replica.topicId,
        replica.partition,
        replicaId,
        directory.clock,
        cancelled.signal,
      );
      if (cancelled.signal.aborted) return;
      // Leadership may have moved while waiting: a copy is only served by the current leader.
      leaderState();
      await writeMessage(call, { chunk: { file, position, data, crc32c: crc32c(data) } });
      sent.recordBytesSent(replicaId, data.length, directory.clock());
    };
    for (let position = Math.min(resumePosition, segment.logBytes); position < segment.logBytes; ) {
      if (cancelled.signal.aborted) return;
      const data = await replica.log.readSegmentFile(baseOffset, position, SEGMENT_CHUNK_BYTES);
      if (data.length === 0) throw new RillError("OFFSET_OUT_OF_RANGE", `segment ${baseOffset} shrank`);
      await send("SEGMENT_FILE_KIND_LOG", position, data);
      position += data.length;
    }
    resumePosition = 0;
    for (const [kind, bytes] of [
      ["SEGMENT_FILE_KIND_OFFSET_INDEX", segment.offsetIndex],
      ["SEGMENT_FILE_KIND_TIME_INDEX", segment.timeIndex],
    ] as const) {
      for (let position = 0; position < bytes.length; position += SEGMENT_CHUNK_BYTES) {
        if (cancelled.signal.aborted) return;
        await send(kind, position, bytes.subarray(position, position + SEGMENT_CHUNK_BYTES));
      }
    }
  }
}

export function createSegmentCopyHandlers(
  directory: ReplicaDirectory,
  throttle: ReassignmentThrottle,
  options: HandlerOptions,
): Pick<ReplicationV1.ReplicationServiceHandlers, "FetchSegments"> {
  return {
    FetchSegments: serverStreamHandler((call) => serveSegments(directory, throttle, call), options),
  };
}
