import { truncateSync } from "node:fs";
import type { StorageFile } from "./file-system.js";
import { ForwardingFileSystem } from "./forwarding-file-system.js";

/** Per path: how far the file was written, and how much of it an fdatasync covered. */
interface FileExtent {
  writtenBytes: number;
  durableBytes: number;
}

/**
 * TESTS ONLY: a layer over a real file system that remembers, per file, the length an fdatasync
 * last covered, so that a test can make a live process "lose power": `dropUnsyncedWrites` cuts
 * every file back to that length, synchronously (nothing else of the process runs meanwhile), and
 * the caller then kills the process with SIGKILL. What a restart finds is what a disk keeps
 * through a power cut: the fsynced bytes, not the rest.
 *
 * Modelled: appended bytes not covered by an fdatasync are lost (the storage engine only appends
 * to logs; a write still running on a libuv thread may land after the cut, as a torn write would).
 * Not modelled: overwrites inside the synced length (index files are preallocated and written in
 * place; those writes survive), and creates, renames and unlinks not yet made durable by a
 * directory fsync (they survive too).
 */
export class PowerLossFileSystem extends ForwardingFileSystem {
  readonly #extents = new Map<string, FileExtent>();
  /** Set by `cutAfterNextWrite`: run once a write has returned, before anything else runs. */
  #afterNextWrite: (() => void) | undefined;

  override async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    const file = await this.inner.open(path, options);
    let extent = this.#extents.get(path);
    if (extent === undefined) {
      const size = await file.size();
      extent = { writtenBytes: size, durableBytes: size };
      this.#extents.set(path, extent);
    }
    return new PowerLossFile(file, path, this.#extents, () => this.#wrote());
  }

  /**
   * Calls `cut` right after the next write returns, synchronously (before its caller resumes): a
   * power cut at the moment when at least that write is not yet fsynced, so a test of lost writes
   * always loses something. `cut` is expected to call `dropUnsyncedWrites` and end the process.
   */
  cutAfterNextWrite(cut: () => void): void {
    this.#afterNextWrite = cut;
  }

  #wrote(): void {
    const cut = this.#afterNextWrite;
    this.#afterNextWrite = undefined;
    cut?.();
  }

  /**
   * Cuts every file written through this layer back to its last synced length; returns the bytes
   * dropped. Synchronous on purpose: the process must do nothing else between this and its death.
   */
  dropUnsyncedWrites(): number {
    let dropped = 0;
    for (const [path, extent] of this.#extents) {
      if (extent.writtenBytes <= extent.durableBytes) continue;
      try {
        truncateSync(path, extent.durableBytes);
        dropped += extent.writtenBytes - extent.durableBytes;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    return dropped;
  }

  override async rename(from: string, to: string): Promise<void> {
    await this.inner.rename(from, to);
    const extent = this.#extents.get(from);
    this.#extents.delete(from);
    if (extent === undefined) this.#extents.delete(to);
    else this.#extents.set(to, extent);
  }

  override async unlink(path: string): Promise<void> {
    await this.inner.unlink(path);
    this.#extents.delete(path);
  }

  override async removeDirectory(path: string): Promise<void> {
    await this.inner.removeDirectory(path);
    for (const file of [...this.#extents.keys()]) {
      if (file.startsWith(`${path}/`)) this.#extents.delete(file);
    }
  }
}

class PowerLossFile implements StorageFile {
  readonly #inner: StorageFile;
  readonly #path: string;
  readonly #extents: Map<string, FileExtent>;
  readonly #onWritten: () => void;
  constructor(inner: StorageFile, path: string, extents: Map<string, FileExtent>, onWritten: () => void) {
    this.#inner = inner;
    this.#path = path;
    this.#extents = extents;
    this.#onWritten = onWritten;
  }

  /** The extent of this path now (a rename moves it; a file renamed over keeps its own). */
  #extent(): FileExtent {
    let extent = this.#extents.get(this.#path);
    if (extent === undefined) {
      extent = { writtenBytes: 0, durableBytes: 0 };
      this.#extents.set(this.#path, extent);
    }
    return extent;
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    return this.#inner.read(buffer, offset, length, position);
  }

  async write(buffers: readonly Uint8Array[], position: number): Promise<void> {
    const length = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const extent = this.#extent();
    // Counted before the write: a write cut short still may have landed in part.
    extent.writtenBytes = Math.max(extent.writtenBytes, position + length);
    await this.#inner.write(buffers, position);
    this.#onWritten();
  }

  async datasync(): Promise<void> {
    // Only what was written before the call is covered.
    const covered = this.#extent().writtenBytes;
    await this.#inner.datasync();
    const extent = this.#extent();
    extent.durableBytes = Math.max(extent.durableBytes, Math.min(covered, extent.writtenBytes));
  }

  async truncate(length: number): Promise<void> {
    await this.#inner.truncate(length);
    const extent = this.#extent();
    extent.writtenBytes = length;
    extent.durableBytes = Math.min(extent.durableBytes, length);
  }

  size(): Promise<number> {
    return this.#inner.size();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
