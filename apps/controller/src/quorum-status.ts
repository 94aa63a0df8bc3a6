/**
 * The controller quorum as one controller sees it, for DescribeCluster: every member in force
 * (the membership of this controller's Raft log, so a removed voter drops out) with its Raft role
 * and log end offset, and its lag behind the leader. This controller's own numbers come from its
 * RaftNode; the others' from their RaftService.GetStatus (served on the same listener), asked in
 * parallel with a short deadline. A voter that does not answer is reported with role UNSPECIFIED
 * and -1 for what is unknown, never as an error of the whole call.
 */
import { type ControllerV1, callUnary, createClientByName, type RaftV1 } from "@rill/protocol";
import { RAFT_SERVICE_NAME, type RaftNodeStatus } from "@rill/raft";
import { addressOf, type Voter } from "./config.js";

/** How long DescribeCluster waits for another controller's status. */
export const PEER_STATUS_TIMEOUT_MS = 500;

interface MemberStatus {
  readonly role: string;
  readonly lastIndex: number;
}

export function controllerRole(role: string): ControllerV1.ControllerRole {
  switch (role) {
    case "leader":
      return "CONTROLLER_ROLE_LEADER";
    case "follower":
      return "CONTROLLER_ROLE_FOLLOWER";
    case "candidate":
    case "pre-candidate":
      return "CONTROLLER_ROLE_CANDIDATE";
    case "learner":
      return "CONTROLLER_ROLE_OBSERVER";
    default:
      return "CONTROLLER_ROLE_UNSPECIFIED";
  }
}

export class QuorumStatusReader {
  readonly #clients = new Map<
    number,
    { readonly address: string; readonly client: RaftV1.RaftServiceClient }
  >();

  readonly #selfId: number;
  readonly #voters: () => readonly Voter[];
  readonly #localStatus: () => RaftNodeStatus;
  constructor(
    selfId: number,
    /** The quorum's members with addresses, read at each use (the membership changes). */
    voters: () => readonly Voter[],
    localStatus: () => RaftNodeStatus,
  ) {
    this.#selfId = selfId;
    this.#voters = voters;
    this.#localStatus = localStatus;
  }

  async describe(): Promise<ControllerV1.ControllerDescription[]> {
    const local = this.#localStatus();
    const { voters, learners } = local.membership;
    const members = this.#voters().filter(
      (voter) => voters.includes(voter.nodeId) || learners.includes(voter.nodeId),
    );
    const statuses = await Promise.all(
      members.map(async (voter): Promise<MemberStatus | undefined> => {
        if (voter.nodeId === this.#selfId) return { role: local.role, lastIndex: local.lastIndex };
        try {
          const status = await callUnary(
            this.#clientFor(voter),
            "getStatus",
            {},
            { timeoutMs: PEER_STATUS_TIMEOUT_MS },
          );
          return { role: status.role, lastIndex: status.lastIndex };
        } catch {
          return undefined;
        }
      }),
    );
    const leaderPosition = statuses.findIndex((status) => status?.role === "leader");
    const leaderLastIndex = leaderPosition < 0 ? undefined : statuses[leaderPosition]?.lastIndex;
    return members.map((voter, position) => {
      const status = statuses[position];
      return {
        nodeId: voter.nodeId,
        host: voter.host,
        port: voter.port,
        role: status === undefined ? "CONTROLLER_ROLE_UNSPECIFIED" : controllerRole(status.role),
        logEndOffset: status?.lastIndex ?? -1,
        lag:
          status === undefined || leaderLastIndex === undefined
            ? -1
            : Math.max(0, leaderLastIndex - status.lastIndex),
        lastFetchTimestampMs: -1,
        lastCaughtUpTimestampMs: -1,
      };
    });
  }

  #clientFor(voter: Voter): RaftV1.RaftServiceClient {
    const address = addressOf(voter);
    const existing = this.#clients.get(voter.nodeId);
    if (existing?.address === address) return existing.client;
    existing?.client.close();
    const client = createClientByName(RAFT_SERVICE_NAME, address) as RaftV1.RaftServiceClient;
    this.#clients.set(voter.nodeId, { address, client });
    return client;
  }

  close(): void {
    for (const { client } of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
