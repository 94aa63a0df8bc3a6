export { type CallObserver, callObserverInterceptor, type ObservedCall } from "./call-observer.js";
export { createRillChannelOptions, type RillChannelOptionsInput } from "./channel.js";
export { remainingMs } from "./deadline.js";
export {
  bidiStreamHandler,
  type HandlerLogger,
  type HandlerOptions,
  INCOMING_MESSAGES_BUFFERED_MAX,
  incomingMessages,
  serverStreamHandler,
  stderrHandlerLogger,
  unaryHandler,
  writeMessage,
} from "./handlers.js";
export * from "./limits.js";
export { type LoadedRillProtos, loadRillProtos, type RillGrpcObject } from "./load.js";
export { generatorFlagsFor, PROTO_LOADER_OPTIONS } from "./loader-options.js";
export { acceptPreEncodedResponses, PreEncodedMessage } from "./pre-encoded.js";
export { findProtoRoot, listProtoFiles } from "./proto-files.js";
export {
  bindRillServer,
  createRillServer,
  type RillServerOptions,
  shutdownRillServer,
} from "./server.js";
export { type ServicePackageDefinition, servicePackageDefinition } from "./service-definitions.js";
export {
  brokerServiceDefinition,
  controllerServiceDefinition,
  createBrokerClient,
  createClientByName,
  createControllerClient,
  createGroupClient,
  createReplicationClient,
  groupServiceDefinition,
  replicationServiceDefinition,
  serviceDefinitionByName,
} from "./services.js";
export {
  callUnary,
  type UnaryCallOptions,
  type UnaryMethodName,
  type UnaryRequest,
  type UnaryResponse,
} from "./unary.js";
