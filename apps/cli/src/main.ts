import { runCli } from "./program.js";

// `rill topics list | head` closes the pipe before the output ends: that is the reader being done,
// not an error worth a stack trace (as with any Unix tool, stop quietly).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const exitCode = await runCli(process.argv.slice(2));
process.exitCode = exitCode;
