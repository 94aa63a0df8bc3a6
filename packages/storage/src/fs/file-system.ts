/**
 * The file layer the storage engine is written against. Everything the log does to a disk goes
 * through this interface, so tests can swap in a file system that injects EIO/ENOSPC or that
 * keeps unflushed bytes aside and drops them on a simulated crash (see memory-file-system.ts).
 *
 * Contracts:
 * - `write` writes every byte of every buffer, in order, starting at `position`, or throws.
 * - `datasync` makes every byte written before the call durable (fdatasync), or throws; after a
 *   failed datasync nothing about the file's durable content is known (the log goes offline).
 * - Directory operations (create, rename, unlink) are durable only after `syncDirectory`.
 */
export interface StorageFile {
  /** Reads up to `length` bytes at `position` into `buffer[offset..]`; returns the count read. */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  write(buffers: readonly Uint8Array[], position: number): Promise<void>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface StorageFileSystem {
  /** Opens a file for reading and writing, creating it (empty) when `create` and it is missing. */
  open(path: string, options: { readonly create: boolean }): Promise<StorageFile>;
  /** The whole file, or undefined when it does not exist. */
  readFile(path: string): Promise<Buffer | undefined>;
  exists(path: string): Promise<boolean>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; a missing file is not an error. */
  unlink(path: string): Promise<void>;
  /** Removes a directory and everything in it; a missing directory is not an error. */
  removeDirectory(path: string): Promise<void>;
  /** fsync on the directory, making creates/renames/unlinks in it durable. */
  syncDirectory(path: string): Promise<void>;
}
