/**
 * Forwards a write from a follower to the active controller over gRPC (one ControllerService
 * client per voter, created on first use and kept). The request is marked with
 * FORWARDED_BY_HEADER so that the receiver never forwards it again: a receiver that is not (or no
 * longer) the active controller answers NOT_CONTROLLER with its hint, which travels back to the
 * caller unchanged, as does every other error. A lost connection or a passed deadline surfaces as
 * the indeterminate NETWORK_EXCEPTION / REQUEST_TIMED_OUT that `callUnary` reports (unless
 * grpc-js proves the request was never sent).
 */
import { Metadata } from "@grpc/grpc-js";
import { type ControllerV1, callUnary, createControllerClient, RillError } from "@rill/protocol";
import { addressOf, type Voter } from "./config.js";
import { FORWARDED_BY_HEADER, type ForwardedMethod } from "./controller-service.js";

export class ActiveControllerForwarder {
  readonly #clients = new Map<
    number,
    { readonly address: string; readonly client: ControllerV1.ControllerServiceClient }
  >();

  readonly #selfId: number;
  readonly #voters: () => readonly Voter[];
  constructor(
    selfId: number,
    /** The quorum's members with addresses, read at each use (the membership changes). */
    voters: () => readonly Voter[],
  ) {
    this.#selfId = selfId;
    this.#voters = voters;
  }

  forward = async (
    method: ForwardedMethod,
    request: unknown,
    leaderId: number,
    timeoutMs: number,
  ): Promise<unknown> => {
    const client = this.#clientFor(leaderId);
    const metadata = new Metadata();
    metadata.set(FORWARDED_BY_HEADER, String(this.#selfId));
    return callUnary(client, method, request as never, { timeoutMs, metadata });
  };

  #clientFor(nodeId: number): ControllerV1.ControllerServiceClient {
    const voter = this.#voters().find((entry) => entry.nodeId === nodeId);
    if (voter === undefined) {
      throw new RillError("NOT_CONTROLLER", `The active controller ${nodeId} has no known address`);
    }
    const address = addressOf(voter);
    const existing = this.#clients.get(nodeId);
    if (existing?.address === address) return existing.client;
    existing?.client.close();
    const client = createControllerClient(address);
    this.#clients.set(nodeId, { address, client });
    return client;
  }

  close(): void {
    for (const { client } of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
