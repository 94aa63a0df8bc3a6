export { ErrorCodes, type ErrorDefinition, type ErrorName, errorNameForCode } from "./codes.js";
export { isRillError, RillError } from "./rill-error.js";
