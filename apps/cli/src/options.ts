import { UsageError } from "./errors.js";

/** A `host:port` address as given to `--bootstrap`, `--controllers` or `--listen`. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const portMax = 65_535;

export function parseHostPort(text: string, flag: string): HostPort {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(":");
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw new UsageError(`${flag}: '${text}' is not host:port`);
  }
  const host = trimmed.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  const portText = trimmed.slice(colon + 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > portMax) {
    throw new UsageError(`${flag}: port '${portText}' in '${text}' is not a number from 1 to ${portMax}`);
  }
  return { host, port };
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
