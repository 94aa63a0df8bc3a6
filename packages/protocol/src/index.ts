export { RILL_VERSION } from "./version.js";
