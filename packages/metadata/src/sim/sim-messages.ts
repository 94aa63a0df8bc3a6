/** What travels on the simulated network: Raft messages between controllers, and RPCs. */
import type { Message } from "@rill/raft";
import type { CallOutcome, ControllerRequest } from "./controller-requests.js";

export type SimMessage =
  | { readonly kind: "raft"; readonly message: Message }
  | { readonly kind: "request"; readonly callId: number; readonly request: ControllerRequest }
  | { readonly kind: "response"; readonly callId: number; readonly outcome: CallOutcome };
