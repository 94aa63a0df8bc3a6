export { CliError, ExitCode, UsageError } from "./errors.js";
export { type HostPort, parseAddressList, parseHostPort, parseIntegerOption } from "./options.js";
export { printResult, table } from "./output.js";
export { buildProgram, runCli, withClusterOptions } from "./program.js";
