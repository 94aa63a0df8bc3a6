export {
  type CreateLoggerOptions,
  componentLogger,
  createLogger,
  type Logger,
  type SerializedError,
  serializeError,
} from "./logger.js";
