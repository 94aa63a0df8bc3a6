/**
 * The controller process entry point:
 *
 *   node apps/controller/dist/main.js --node-id 1 --listen 127.0.0.1:19091 \
 *     --voters 1@127.0.0.1:19091,2@127.0.0.1:19092,3@127.0.0.1:19093 --data-dir DIR \
 *     [--metrics-listen 127.0.0.1:19191] [--config FILE] [--<config-key-with-dashes> VALUE ...]
 *
 * (`rill controller start` takes the same flags.) Runs in the foreground; SIGTERM stops it
 * cleanly with exit code 0.
 */
import { installTestClockSkew } from "@rill/protocol/time";
import { runControllerMain } from "./main-entry.js";

// Tests only (RILL_TEST_CLOCK_*): a skewed wall clock for the fault suite; a no-op otherwise.
const clockSkew = installTestClockSkew(process.env, (jump) => process.stderr.write(`${jump}\n`));
if (clockSkew !== undefined) process.stderr.write(`${clockSkew}\n`);

await runControllerMain(process.argv.slice(2));
