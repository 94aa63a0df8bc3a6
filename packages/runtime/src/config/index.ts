export { type LogLevel, logLevels, runtimeConfigKeys } from "./common.js";
export {
  type ConfigKey,
  type ConfigSchema,
  type ConfigValues,
  configKeys,
  formatHostPort,
  formatNamedListener,
  type HostPort,
  type KeyOptions,
  type NamedListener,
  type ParseResult,
  parseHostPort,
  parseNamedListener,
  portMax,
  zodKey,
} from "./keys.js";
export {
  ConfigError,
  type ConfigInputs,
  type ConfigProblem,
  type ConfigSource,
  configEnvName,
  configFlagName,
  describeConfig,
  describeSource,
  type FlagValue,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  resolveConfig,
} from "./load.js";
export { type FileEntry, parseJsonConfig, parseProperties } from "./properties.js";
