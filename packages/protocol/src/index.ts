export * from "./address/index.js";
export { escalateAssertionFailure } from "./assert/escalate.js";
export * from "./assert/index.js";
export * from "./compression/index.js";
export * from "./crc32c/index.js";
export * from "./errors/index.js";
export * from "./errors/status.js";
// One namespace per proto package (BrokerV1, CommonV1, ControllerV1, ...), generated.
export * from "./generated/index.js";
export * from "./grpc/index.js";
export * from "./partitioner/index.js";
export * from "./record-batch/index.js";
export { RILL_VERSION } from "./version.js";
export * from "./wire/index.js";
