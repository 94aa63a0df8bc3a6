export {
  encodeFetchResponse,
  encodeFetchStreamResponse,
  type FetchableTopicFrame,
  type FetchPartitionFrame,
  type FetchResponseFrame,
  type FetchStreamResponseFrame,
} from "./fetch-response.js";
export {
  encodeFollowerFetchResponse,
  type FollowerFetchPartitionFrame,
  type FollowerFetchResponseFrame,
} from "./follower-fetch-response.js";
