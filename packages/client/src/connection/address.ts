/** A node address as the client dials it: "host:port" (IPv6 hosts in brackets). */
export function formatAddress(host: string, port: number): string {
  if (!(Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new RangeError(`port ${port} of host '${host}' is not in [1, 65535]`);
  }
  return host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Checks a "host:port" string and returns it normalised; throws RangeError on anything else. */
export function parseAddress(text: string): string {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(":");
  const portText = trimmed.slice(colon + 1);
  if (colon <= 0 || !/^\d+$/.test(portText)) throw new RangeError(`'${text}' is not host:port`);
  return formatAddress(trimmed.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), Number(portText));
}

/** Bootstrap addresses: non-empty, each host:port, duplicates dropped, order kept. */
export function parseBootstrap(addresses: readonly string[]): string[] {
  const parsed = [...new Set(addresses.map(parseAddress))];
  if (parsed.length === 0) throw new RangeError("bootstrap: at least one host:port is needed");
  return parsed;
}
