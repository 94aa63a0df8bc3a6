/**
 * Asking another controller about itself and its quorum, over the listener it serves everything
 * on: RaftService.GetStatus (node id, membership with addresses, bootstrap membership) and
 * ControllerService.DescribeCluster (cluster id). Used by AddVoter (is the new controller running,
 * with that id, in this cluster?) and by a joining controller creating its metadata log (which
 * membership do the quorum's logs start from, and where are its members?).
 */
import {
  callUnary,
  createClientByName,
  createControllerClient,
  formatHostPort,
  type HostPort,
  isRillError,
  type RaftV1,
  RillError,
} from "@rill/protocol";
import { sleep } from "@rill/protocol/time";
import { type MembershipConfig, membershipFromWire, RAFT_SERVICE_NAME } from "@rill/raft";

/** Deadline of one probe call. */
export const PROBE_CALL_TIMEOUT_MS = 2_000;
/** Pause between rounds over the bootstrap servers while none answers. */
const BOOTSTRAP_RETRY_MS = 500;

export interface ProbeAnswer {
  readonly nodeId: number;
  readonly clusterId: string;
  /** The membership in force there, every member with the address that controller reaches it at. */
  readonly membership: MembershipConfig;
  /** The membership that controller's log was formatted with. */
  readonly bootstrapMembership: MembershipConfig;
}

export async function probeController(address: string): Promise<ProbeAnswer> {
  const raft = createClientByName(RAFT_SERVICE_NAME, address) as RaftV1.RaftServiceClient;
  const controller = createControllerClient(address);
  try {
    const [status, cluster] = await Promise.all([
      callUnary(raft, "getStatus", {}, { timeoutMs: PROBE_CALL_TIMEOUT_MS }),
      callUnary(controller, "describeCluster", {}, { timeoutMs: PROBE_CALL_TIMEOUT_MS }),
    ]);
    if (status.membership === null || status.bootstrapMembership === null) {
      throw new RillError(
        "UNSUPPORTED_VERSION",
        `the controller at ${address} does not report its membership`,
      );
    }
    return {
      nodeId: status.nodeId,
      clusterId: cluster.clusterId,
      membership: membershipFromWire(status.membership),
      bootstrapMembership: membershipFromWire(status.bootstrapMembership),
    };
  } finally {
    raft.close();
    controller.close();
  }
}

/**
 * The bootstrap membership a joining controller formats its log with: the quorum's own (so it
 * replays the log's config entries from the same base), with the addresses the answering
 * controller reaches those members at. Asks the servers in turn until one of this cluster answers
 * or `timeoutMs` passes (the quorum may be starting too).
 */
export async function joiningBootstrapMembership(
  servers: readonly HostPort[],
  clusterId: string,
  timeoutMs: number,
): Promise<{ readonly membership: MembershipConfig; readonly answeredBy: string }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    for (const server of servers) {
      const address = formatHostPort(server);
      try {
        const answer = await probeController(address);
        if (answer.clusterId !== clusterId) {
          throw new RillError(
            "INCONSISTENT_CLUSTER_ID",
            `controller.quorum.bootstrap.servers: ${address} belongs to cluster ${answer.clusterId}, ` +
              `while this data dir was formatted for ${clusterId}`,
          );
        }
        const { voters, learners } = answer.bootstrapMembership;
        const endpoints = (answer.membership.endpoints ?? []).filter(
          (endpoint) => voters.includes(endpoint.nodeId) || learners.includes(endpoint.nodeId),
        );
        return {
          membership: endpoints.length === 0 ? { voters, learners } : { voters, learners, endpoints },
          answeredBy: address,
        };
      } catch (error) {
        if (isRillError(error, "INCONSISTENT_CLUSTER_ID")) throw error;
        lastError = error;
      }
    }
    if (Date.now() >= deadline) {
      throw new RillError(
        "NETWORK_EXCEPTION",
        `none of controller.quorum.bootstrap.servers (${servers.map(formatHostPort).join(",")}) ` +
          `answered within ${timeoutMs} ms; start the quorum first or fix the addresses`,
        { cause: lastError },
      );
    }
    await sleep(BOOTSTRAP_RETRY_MS);
  }
}
