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
