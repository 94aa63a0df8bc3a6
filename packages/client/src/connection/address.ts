import { formatHostPort, parseHostPort, portMax } from "@rill/protocol";

/** A node address as the client dials it: "host:port" (IPv6 hosts in brackets). */
export function formatAddress(host: string, port: number): string {
  if (!(Number.isInteger(port) && port >= 1 && port <= portMax)) {
    throw new RangeError(`port ${port} of host '${host}' is not in [1, ${portMax}]`);
  }
  return formatHostPort({ host: host.replace(/^\[(.*)\]$/, "$1"), port });
}

/** Checks a "host:port" string (see parseHostPort in @rill/protocol) and returns it normalised; throws RangeError on anything else. */
export function parseAddress(text: string): string {
  const parsed = parseHostPort(text);
  if (!parsed.ok) throw new RangeError(`'${text}' ${parsed.reason}`);
  return formatHostPort(parsed.value);
}

/** Bootstrap addresses: non-empty, each host:port, duplicates dropped, order kept. */
export function parseBootstrap(addresses: readonly string[]): string[] {
  const parsed = [...new Set(addresses.map(parseAddress))];
  if (parsed.length === 0) throw new RangeError("bootstrap: at least one host:port is needed");
  return parsed;
}
