import { constants, writeSync, writevSync } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import type { StorageFile, StorageFileSystem } from "./file-system.js";

/** Max buffers per writev call (IOV_MAX is 1024 on Linux). */
const WRITEV_BUFFERS_MAX = 1024;

/**
 * Writes up to this size go to the page cache synchronously, on the event loop: a few KiB take
 * microseconds there, against a round trip through libuv's four-thread pool, where the write
 * also queues behind whatever fsyncs occupy it (group commit keeps one per dirty log in flight).
 * That hop sat on every produce's path twice (leader and follower). Larger writes (catch-up,
 * bulk throughput) stay asynchronous so they never hold the event loop for long.
 */
const SYNC_WRITE_BYTES_MAX = 64 * 1024;

class NodeStorageFile implements StorageFile {
  readonly #handle: FileHandle;
  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    let total = 0;
    while (total < length) {
      const { bytesRead } = await this.#handle.read(buffer, offset + total, length - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total;
  }

  async write(buffers: readonly Uint8Array[], position: number): Promise<void> {
    // writev may write partially; continue from where it stopped until every byte is written.
    let pending = buffers.filter((buffer) => buffer.length > 0);
    const sync = pending.reduce((sum, buffer) => sum + buffer.length, 0) <= SYNC_WRITE_BYTES_MAX;
    let at = position;
    while (pending.length > 0) {
      const chunk = pending.slice(0, WRITEV_BUFFERS_MAX);
      const only = chunk[0] as Uint8Array;
      const bytesWritten = sync
        ? chunk.length === 1
          ? writeSync(this.#handle.fd, only, 0, only.length, at)
          : writevSync(this.#handle.fd, chunk, at)
        : (
            await (chunk.length === 1
              ? this.#handle.write(only, 0, only.length, at)
              : this.#handle.writev(chunk, at))
          ).bytesWritten;
      at += bytesWritten;
      let remaining = bytesWritten;
      const rest: Uint8Array[] = [];
      for (const buffer of pending) {
        if (remaining >= buffer.length) {
          remaining -= buffer.length;
        } else {
          rest.push(remaining > 0 ? buffer.subarray(remaining) : buffer);
          remaining = 0;
        }
      }
      pending = rest;
    }
  }

  datasync(): Promise<void> {
    return this.#handle.datasync();
  }

  truncate(length: number): Promise<void> {
    return this.#handle.truncate(length);
  }

  async size(): Promise<number> {
    return (await this.#handle.stat()).size;
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** The real file system through `fs.promises`. */
export class NodeFileSystem implements StorageFileSystem {
  async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    const flags = options.create ? constants.O_RDWR | constants.O_CREAT : constants.O_RDWR;
    return new NodeStorageFile(await open(path, flags, 0o644));
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(path);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  readdir(path: string): Promise<string[]> {
    return readdir(path);
  }

  async mkdir(path: string): Promise<void> {
    await mkdir(path, { recursive: true });
  }

  rename(from: string, to: string): Promise<void> {
    return rename(from, to);
  }

  async unlink(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async removeDirectory(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
  }

  async syncDirectory(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
