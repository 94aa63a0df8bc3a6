export { murmur2, partitionForKey, toPositive } from "./murmur2.js";
