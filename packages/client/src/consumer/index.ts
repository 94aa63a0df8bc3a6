// The consumer's public surface (explicit assignment now; groups plug in through the seams).
export {
  CONSUMER_FETCH_CHANNEL,
  Consumer,
  type ConsumerDependencies,
  type ConsumerInstrumentation,
  consumerDefaults,
} from "./consumer.js";
export type * from "./consumer-types.js";
export type { ConsumerFetchEvent } from "./fetcher.js";
export { CONSUMER_GROUP_CHANNEL, type GroupEvent } from "./group/group-member.js";
export {
  type GroupConsumerOptions,
  groupConsumerDefaults,
  type RebalanceListener,
  type SubscribeOptions,
} from "./group/group-options.js";
