// The broker as a standalone process: `node dist/main.js --node-id 101 --listen 127.0.0.1:19101
// --controllers 127.0.0.1:19091 --data-dir DIR` (the same flags as `rill broker start`).
// Any config key is also a flag: `--replica-lag-time-max-ms 10000`.
// Exit codes: 2 bad usage or config, 1 start-up failure; once started, SIGTERM stops it (exit 0).
import { isRillError } from "@rill/protocol";
import { installTestClockSkew } from "@rill/protocol/time";
import { BrokerUsageError, parseBrokerArguments } from "./server/arguments.js";
import { isStoppedDuringStartUp, startBroker } from "./server/broker.js";

// Tests only (RILL_TEST_CLOCK_*): a skewed wall clock for the fault suite; a no-op otherwise.
const clockSkew = installTestClockSkew(process.env, (jump) => process.stderr.write(`${jump}\n`));
if (clockSkew !== undefined) process.stderr.write(`${clockSkew}\n`);

try {
  const { configFile, values } = parseBrokerArguments(process.argv.slice(2));
  await startBroker({ configFile, values });
} catch (error) {
  // Stopped by a signal while starting: the lifecycle exits once its shutdown is done.
  if (isStoppedDuringStartUp(error)) await new Promise(() => {});
  const usage = error instanceof BrokerUsageError || isRillError(error, "INVALID_CONFIG");
  process.stderr.write(`rill broker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(usage ? 2 : 1);
}
