// Public API of @rill/broker: the broker process (partition replicas, produce, fetch, replication).
export {
  BROKER_FLAG_KEYS,
  type BrokerArguments,
  BrokerUsageError,
  parseBrokerArguments,
} from "./server/arguments.js";
export {
  type BrokerHandle,
  isStoppedDuringStartUp,
  type ReplicaHost,
  type StartBrokerOptions,
  startBroker,
} from "./server/broker.js";
export {
  type BrokerConfig,
  type BrokerConfigSchema,
  brokerConfigSchema,
  brokerFlagKeys,
  loadBrokerConfig,
} from "./server/config.js";
export {
  type BrokerSessionState,
  type ControlledShutdownOutcome,
  ControllerConnection,
  type ControllerConnectionOptions,
} from "./server/controller-connection.js";
export {
  ControllerQuorumClient,
  type ControllerQuorumClientOptions,
} from "./server/controller-quorum-client.js";
export {
  type MetadataApplyInfo,
  MetadataFollower,
  type MetadataFollowerOptions,
} from "./server/metadata-follower.js";
export { buildMetadataResponse, CLIENT_LISTENER_NAME, isInternalTopic } from "./server/metadata-response.js";
