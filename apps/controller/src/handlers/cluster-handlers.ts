/**
 * The cluster handlers of ControllerService: the quorum's membership writes (RemoveVoter,
 * AddVoter, run on the active controller, bounded by the request timeout; a change not seen
 * committed in time is INDETERMINATE) and DescribeCluster, answered from this controller's own
 * state ("as seen by the answering controller").
 */
import type { ControllerV1 } from "@rill/protocol";
import { decodeNodeId } from "@rill/protocol/ids";
import { withTimeout } from "@rill/protocol/time";
import { brokersView } from "../admin-views.js";
import type { ControllerServiceContext } from "../controller-service-context.js";

export async function removeVoter(
  context: ControllerServiceContext,
  request: ControllerV1.RemoveVoterRequest__Output,
): Promise<ControllerV1.RemoveVoterResponse> {
  const voter = decodeNodeId("voter id", request.voterId, 1);
  // The active controller may remove itself: it commits the configuration without itself, then
  // steps down (Raft thesis §4.2.2), and the remaining voters elect a leader.
  const committed = await withTimeout(
    context.removeVoter(voter),
    context.requestTimeoutMs,
    `The removal of voter ${request.voterId} was not committed within ${context.requestTimeoutMs} ms; it may still take effect`,
  );
  return { offset: committed.index };
}

export async function addVoter(
  context: ControllerServiceContext,
  request: ControllerV1.AddVoterRequest__Output,
): Promise<ControllerV1.AddVoterResponse> {
  const committed = await withTimeout(
    context.addVoter(request.voterId, request.address),
    context.requestTimeoutMs,
    `Adding voter ${request.voterId} did not complete within ${context.requestTimeoutMs} ms; it may still take effect`,
  );
  return { offset: committed.index };
}

export async function describeCluster(
  context: ControllerServiceContext,
  request: ControllerV1.DescribeClusterRequest__Output,
): Promise<ControllerV1.DescribeClusterResponse> {
  const { leaderId, term } = context.quorum.leaderAndTerm;
  return {
    clusterId: context.clusterId,
    activeControllerId: leaderId ?? -1,
    raftTerm: term,
    highWatermark: context.highWatermark(),
    controllers: await context.describeControllers(),
    brokers: brokersView(context.quorum.image, request.includeFencedBrokers, (brokerId) =>
      context.quorum.isActive ? context.quorum.controller.brokerMetadataOffset(brokerId) : undefined,
    ),
  };
}
