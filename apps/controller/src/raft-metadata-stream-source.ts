/**
 * The metadata stream's view of a controller process: committed entries from the Raft log
 * (DurableRaftStorage keeps every entry after the latest snapshot in memory, so reads are
 * synchronous and cheap), the applied index from the RaftNode, and the committed image of the
 * QuorumController encoded as a snapshot when a subscriber needs one; it serves only while this
 * controller is a member (voter or learner) of the Raft membership its log holds.
 */
import { encodeMetadataSnapshot, type QuorumController, type RaftMetadataLog } from "@rill/metadata";
import type { LogReader, RaftNode } from "@rill/raft";
import type { MetadataStreamSource } from "./metadata-stream.js";

export function raftMetadataStreamSource(parts: {
  readonly storage: LogReader;
  readonly node: RaftNode;
  readonly quorum: QuorumController;
  readonly metadataLog: RaftMetadataLog;
}): MetadataStreamSource {
  const { storage, node, quorum, metadataLog } = parts;
  return {
    highWatermark: () => node.status().commitIndex,
    // Never past what the log holds: a snapshot received from the leader may have just
    // replaced the log (the stream then waits for the image to load it).
    appliedIndex: () => Math.min(node.status().appliedIndex, storage.lastIndex()),
    firstIndex: () => storage.firstIndex(),
    entries: (low, high, bytesMax) => storage.entries(low, high, bytesMax),
    snapshot: () => {
      const image = quorum.image;
      const term = storage.term(image.offset) ?? metadataLog.lastCommitted.term;
      return { index: image.offset, term, data: encodeMetadataSnapshot(image) };
    },
    waitForChange: (timeoutMs) => metadataLog.waitForChange(timeoutMs),
    notServingReason: () => {
      const { nodeId, membership } = node.status();
      if (membership.voters.includes(nodeId) || membership.learners.includes(nodeId)) return undefined;
      return (
        `controller ${nodeId} is not a member of the metadata quorum (removed, or not added yet): ` +
        "its log does not follow the leader; follow another controller"
      );
    },
  };
}
