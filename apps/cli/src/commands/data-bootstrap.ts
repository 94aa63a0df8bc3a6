import { AdminClient, formatAddress } from "@rill/client";

/** The longest the controller look-up of `brokerBootstrap` may take. */
export const brokerLookupTimeoutMs = 3_000;

/**
 * Broker addresses for a data client. `--bootstrap` may name controllers, which serve admin
 * calls but not the brokers' Metadata; DescribeCluster (answered by controllers, and forwarded
 * by brokers) names the live brokers, so they are asked first. When that look-up fails (an old
 * broker, a test stand-in), the addresses are used as given and the data client's own error
 * says what went wrong.
 */
export async function brokerBootstrap(bootstrap: readonly string[], timeoutMs: number): Promise<string[]> {
  const admin = new AdminClient({ bootstrap: [...bootstrap] });
  try {
    const description = await admin.describeCluster({
      timeoutMs: Math.min(timeoutMs, brokerLookupTimeoutMs),
      includeFencedBrokers: false,
    });
    const brokers = description.brokers.flatMap((broker) =>
      broker.endpoints.map((endpoint) => formatAddress(endpoint.host, endpoint.port)),
    );
    return brokers.length > 0 ? [...new Set(brokers)] : [...bootstrap];
  } catch {
    return [...bootstrap];
  } finally {
    admin.close();
  }
}
