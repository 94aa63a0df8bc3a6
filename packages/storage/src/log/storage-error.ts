import { RillError } from "@rill/protocol";

/** The error a partition log goes offline with when a file operation failed. */
export function storageError(message: string, cause: unknown): RillError {
  return new RillError("STORAGE_ERROR", message, { cause });
}
