import { configKeys } from "./keys.js";

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Keys every Rill process has; an app spreads them into its schema:
 * `defineConfigSchema({ ...runtimeConfigKeys, "node.id": configKeys.int({...}) })`.
 */
export const runtimeConfigKeys = {
  "log.level": configKeys.enum(logLevels, { doc: "lowest level written to the log", default: "info" }),
  "log.file": configKeys.string({ doc: "write the JSON log to this file instead of stdout", optional: true }),
  "metrics.listener": configKeys.hostPort({
    doc: "where GET /metrics and /healthz are served (port 0: any free port, logged at start-up)",
    default: { host: "127.0.0.1", port: 0 },
    allowPortZero: true,
  }),
} as const;
