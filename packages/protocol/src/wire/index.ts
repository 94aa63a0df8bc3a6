export {
  encodeFollowerFetchResponse,
  type FollowerFetchPartitionFrame,
  type FollowerFetchResponseFrame,
} from "./follower-fetch-response.js";
