import { RillError } from "@rill/protocol";

/** Kafka's acks: 0 (no response wait), 1 (leader appended), all (-1: the ISR holds it durably). */
export type Acks = 0 | 1 | "all";

/** Parses the wire value (0, 1, -1) into Acks; anything else is INVALID_REQUIRED_ACKS. */
export function parseAcks(value: number | string): Acks {
  if (value === 0 || value === "0") return 0;
  if (value === 1 || value === "1") return 1;
  if (value === -1 || value === "-1" || value === "all") return "all";
  throw new RillError("INVALID_REQUIRED_ACKS", `acks must be 0, 1 or all (-1), got ${String(value)}`);
}
