import type { StorageFile } from "./file-system.js";
import { ForwardingFileSystem } from "./forwarding-file-system.js";

export type FileOperation =
  | "write"
  | "datasync"
  | "read"
  | "truncate"
  | "rename"
  | "unlink"
  | "syncDirectory";

/**
 * Decides, before each file operation, whether it fails: return an errno code ("EIO",
 * "ENOSPC") to fail it, undefined to let it through. `path` is the file's path.
 */
export type FaultPolicy = (operation: FileOperation, path: string) => string | undefined;

function errno(code: string, operation: FileOperation, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: injected fault on ${operation} of ${path}`) as NodeJS.ErrnoException;
  error.code = code;
  return error;
}

class FaultInjectingFile implements StorageFile {
  readonly #inner: StorageFile;
  readonly #path: string;
  readonly #policy: () => FaultPolicy;
  constructor(inner: StorageFile, path: string, policy: () => FaultPolicy) {
    this.#inner = inner;
    this.#path = path;
    this.#policy = policy;
  }

  #check(operation: FileOperation): void {
    const code = this.#policy()(operation, this.#path);
    if (code !== undefined) throw errno(code, operation, this.#path);
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    this.#check("read");
    return this.#inner.read(buffer, offset, length, position);
  }

  async write(buffers: readonly Uint8Array[], position: number): Promise<void> {
    const code = this.#policy()("write", this.#path);
    if (code !== undefined) {
      // A failing write may still have written part of the data (a short write before ENOSPC):
      // write the first half of the first buffer, then fail, so tests see the worst case.
      const first = buffers[0];
      if (first !== undefined && first.length > 1) {
        await this.#inner.write([first.subarray(0, first.length >> 1)], position);
      }
      throw errno(code, "write", this.#path);
    }
    return this.#inner.write(buffers, position);
  }

  async datasync(): Promise<void> {
    this.#check("datasync");
    return this.#inner.datasync();
  }

  async truncate(length: number): Promise<void> {
    this.#check("truncate");
    return this.#inner.truncate(length);
  }

  size(): Promise<number> {
    return this.#inner.size();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/** Wraps a file system and fails chosen file and directory operations with chosen errno codes. */
export class FaultInjectingFileSystem extends ForwardingFileSystem {
  policy: FaultPolicy = () => undefined;

  override async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    return new FaultInjectingFile(await this.inner.open(path, options), path, () => this.policy);
  }

  override async rename(from: string, to: string): Promise<void> {
    this.#check("rename", from);
    return this.inner.rename(from, to);
  }

  override async unlink(path: string): Promise<void> {
    this.#check("unlink", path);
    return this.inner.unlink(path);
  }

  override async syncDirectory(path: string): Promise<void> {
    this.#check("syncDirectory", path);
    return this.inner.syncDirectory(path);
  }

  /** Directory operations fail before they take effect (a crash then loses nothing of them). */
  #check(operation: FileOperation, path: string): void {
    const code = this.policy(operation, path);
    if (code !== undefined) throw errno(code, operation, path);
  }
}
