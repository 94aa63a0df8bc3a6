import { type HostPort, parseHostPort as parseProtocolHostPort } from "@rill/protocol";
import { UsageError } from "./errors.js";

export type { HostPort } from "@rill/protocol";

/** A `host:port` flag value (`--bootstrap`, `--controllers`, `--listen`); port 1 to 65535. */
export function parseHostPort(text: string, flag: string): HostPort {
  const parsed = parseProtocolHostPort(text);
  if (!parsed.ok) throw new UsageError(`${flag}: '${text}' ${parsed.reason}`);
  return parsed.value;
}

/** `--bootstrap host:port,host:port`: a non-empty list, duplicates removed, order kept. */
export function parseAddressList(text: string, flag: string): HostPort[] {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) throw new UsageError(`${flag}: expected host:port[,host:port...]`);
  const seen = new Set<string>();
  const addresses: HostPort[] = [];
  for (const part of parts) {
    const address = parseHostPort(part, flag);
    const key = `${address.host}:${address.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    addresses.push(address);
  }
  return addresses;
}

export function parseIntegerOption(text: string, flag: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`${flag}: '${text}' is not an integer`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag}: ${text} is out of range [${min}, ${max}]`);
  }
  return value;
}
