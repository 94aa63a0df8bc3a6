export { AssertionFailure, assert, isAssertionFailure } from "./assertion.js";
