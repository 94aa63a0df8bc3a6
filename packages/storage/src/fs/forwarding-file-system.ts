import type { StorageFile, StorageFileSystem } from "./file-system.js";

/**
 * A file system that hands every call to `inner`: the base of the layers that watch or change
 * some operations (fault injection, power loss, the broker's log-dir failure detector), so each
 * overrides only what it changes.
 */
export class ForwardingFileSystem implements StorageFileSystem {
  constructor(protected readonly inner: StorageFileSystem) {}

  open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    return this.inner.open(path, options);
  }

  readFile(path: string): Promise<Buffer | undefined> {
    return this.inner.readFile(path);
  }

  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }

  readdir(path: string): Promise<string[]> {
    return this.inner.readdir(path);
  }

  mkdir(path: string): Promise<void> {
    return this.inner.mkdir(path);
  }

  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }

  unlink(path: string): Promise<void> {
    return this.inner.unlink(path);
  }

  removeDirectory(path: string): Promise<void> {
    return this.inner.removeDirectory(path);
  }

  syncDirectory(path: string): Promise<void> {
    return this.inner.syncDirectory(path);
  }
}
