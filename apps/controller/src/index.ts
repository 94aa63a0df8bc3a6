// Public API of @rill/controller: the controller process (a member of the metadata quorum).
export {
  addressOf,
  type ControllerConfig,
  type ControllerConfigSchema,
  controllerConfigSchema,
  loadControllerConfig,
  parseVoters,
  VOTERS_MAX,
  type Voter,
} from "./config.js";
export { type ControllerMetrics, registerControllerMetrics } from "./controller-metrics.js";
export {
  type ControllerHandle,
  METADATA_LOG_DIR,
  type StartControllerOptions,
  startController,
} from "./controller-process.js";
export {
  ControllerService,
  type ControllerServiceContext,
  FORWARDED_BY_HEADER,
  type ForwardedMethod,
  type ForwardWrite,
} from "./controller-service.js";
export {
  ControllerUsageError,
  controllerFlagsToConfig,
  parseControllerArguments,
  runControllerMain,
} from "./main-entry.js";
export {
  METADATA_STREAM_DEFAULTS,
  type MetadataStreamHooks,
  type MetadataStreamSource,
  type StreamLogEntry,
  serveMetadataStream,
} from "./metadata-stream.js";
