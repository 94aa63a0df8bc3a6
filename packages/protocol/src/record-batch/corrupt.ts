import { RillError } from "../errors/index.js";

const PREFIX = "Corrupt record batch: ";

/** The one error the codec throws for bad bytes: CORRUPT_MESSAGE, with where it was found. */
export function corruptMessage(reason: string, details?: Readonly<Record<string, unknown>>): RillError {
  const message = reason.startsWith(PREFIX) ? reason : `${PREFIX}${reason}`;
  return new RillError("CORRUPT_MESSAGE", message, details === undefined ? undefined : { details });
}
