import { ForwardingFileSystem, type StorageFile, type StorageFileSystem } from "@rill/storage";

/**
 * Kafka's log-directory failure detection, as a file-system layer under the broker's LogManager:
 * any error of a write, fdatasync, truncate, rename or directory sync in the data directory is
 * reported to `onFailure` (once per error; the caller decides what the broker does, see
 * ReplicaManager). Reads and opens are not watched: a read may race a segment deleted by
 * retention, and an open that fails surfaces as that operation's error.
 *
 * ENOSPC is reported too: after a failed write the log's tail is unknown (part of a batch may be
 * on disk), so it is a failure like any other. Running out of space cleanly is LogDirSpace's job:
 * it refuses appends before the disk fills. ENOENT is not: a file missing is a race with its
 * deletion (retention, a replica removed), which the caller handles, not a disk that failed.
 */
export type LogDirFailureListener = (error: unknown, operation: string, path: string) => void;

async function watched<T>(
  onFailure: LogDirFailureListener,
  operation: string,
  path: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") onFailure(error, operation, path);
    throw error;
  }
}

class WatchedFile implements StorageFile {
  readonly #inner: StorageFile;
  readonly #path: string;
  readonly #onFailure: LogDirFailureListener;
  constructor(inner: StorageFile, path: string, onFailure: LogDirFailureListener) {
    this.#inner = inner;
    this.#path = path;
    this.#onFailure = onFailure;
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.#inner.read(buffer, offset, length, position);
  }

  write(buffers: readonly Uint8Array[], position: number): Promise<void> {
    return watched(this.#onFailure, "write", this.#path, () => this.#inner.write(buffers, position));
  }

  datasync(): Promise<void> {
    return watched(this.#onFailure, "datasync", this.#path, () => this.#inner.datasync());
  }

  truncate(length: number): Promise<void> {
    return watched(this.#onFailure, "truncate", this.#path, () => this.#inner.truncate(length));
  }

  size(): Promise<number> {
    return this.#inner.size();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

export class LogDirFailureDetector extends ForwardingFileSystem {
  readonly #onFailure: LogDirFailureListener;
  constructor(inner: StorageFileSystem, onFailure: LogDirFailureListener) {
    super(inner);
    this.#onFailure = onFailure;
  }

  override async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    return new WatchedFile(await this.inner.open(path, options), path, this.#onFailure);
  }

  override rename(from: string, to: string): Promise<void> {
    return watched(this.#onFailure, "rename", from, () => this.inner.rename(from, to));
  }

  override syncDirectory(path: string): Promise<void> {
    return watched(this.#onFailure, "syncDirectory", path, () => this.inner.syncDirectory(path));
  }
}
