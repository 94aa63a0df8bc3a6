/**
 * The one `host:port` parser and formatter of the project (config keys, CLI flags, client
 * bootstrap lists), with one rule set: a hostname, an IPv4 address, or an IPv6 address in
 * brackets (`[::1]:9092`; a bare `::1:9092` is refused as ambiguous), then a decimal port from 1
 * to 65535 (0, "any free port", only where the caller binds and allows it).
 */

export interface HostPort {
  /** Hostname, IPv4 or IPv6 address; IPv6 without its brackets. */
  readonly host: string;
  readonly port: number;
}

/** The largest TCP port. */
export const portMax = 65_535;

/** A parsed address or why the text is not one, as a phrase to follow the text ("is not host:port"). */
export type HostPortParse =
  | { readonly ok: true; readonly value: HostPort }
  | { readonly ok: false; readonly reason: string };

const HOST_PATTERN = /^[A-Za-z0-9._:%-]+$/;
const BRACKETED = /^\[([^\]]+)\]$/;

/** Parses `host:port` (surrounding whitespace ignored); never throws. */
export function parseHostPort(text: string, allowPortZero = false): HostPortParse {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(":");
  if (colon <= 0 || colon === trimmed.length - 1) return { ok: false, reason: "is not host:port" };
  const rawHost = trimmed.slice(0, colon);
  const bracketed = BRACKETED.exec(rawHost);
  const host = bracketed?.[1] ?? rawHost;
  if (bracketed === null && host.includes(":")) {
    return { ok: false, reason: "has an IPv6 host without [brackets]" };
  }
  if (!HOST_PATTERN.test(host)) return { ok: false, reason: `has an invalid host '${host}'` };
  const portText = trimmed.slice(colon + 1);
  if (!/^\d+$/.test(portText)) return { ok: false, reason: `has a port '${portText}' that is not a number` };
  const port = Number(portText);
  if (port > portMax || (port === 0 && !allowPortZero)) {
    return { ok: false, reason: `has a port ${port} out of range` };
  }
  return { ok: true, value: { host, port } };
}

/** `host:port`, with an IPv6 host in brackets; the inverse of parseHostPort. */
export function formatHostPort(address: HostPort): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
