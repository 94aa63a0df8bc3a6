import { dirname, normalize } from "node:path";
import type { StorageFile, StorageFileSystem } from "./file-system.js";

/**
 * An in-memory file system that models the page cache: every file has the bytes a reader sees
 * (`current`) and the bytes that survived the last `datasync` (`durable`). `crash()` throws the
 * unflushed bytes away, as a power loss would ("lost-unflushed-writes" mode), and invalidates
 * every open handle so the crashed process's code can no longer touch the files.
 *
 * Simplification (documented, deliberate): directory operations (create, rename, unlink) are
 * durable at once; only file contents are lost on a crash. It is also fast, so model-based
 * property tests run the real log code against it.
 */
interface MemoryFileState {
  current: Buffer;
  currentLength: number;
  durable: Buffer;
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  error.code = code;
  return error;
}

class MemoryStorageFile implements StorageFile {
  #closed = false;

  readonly #fileSystem: MemoryFileSystem;
  readonly #path: string;
  readonly #generation: number;
  constructor(fileSystem: MemoryFileSystem, path: string, generation: number) {
    this.#fileSystem = fileSystem;
    this.#path = path;
    this.#generation = generation;
  }

  #state(): MemoryFileState {
    if (this.#closed) throw errno("EBADF", `${this.#path} is closed`);
    if (this.#generation !== this.#fileSystem.generation)
      throw errno("EIO", `${this.#path}: the machine crashed`);
    const state = this.#fileSystem.files.get(this.#path);
    if (state === undefined) throw errno("ENOENT", `${this.#path} was removed`);
    return state;
  }

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    await Promise.resolve();
    const state = this.#state();
    const count = Math.max(0, Math.min(length, state.currentLength - position));
    if (count > 0) buffer.set(state.current.subarray(position, position + count), offset);
    return count;
  }

  async write(buffers: readonly Uint8Array[], position: number): Promise<void> {
    await Promise.resolve();
    const state = this.#state();
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    ensureCapacity(state, position + total);
    let at = position;
    for (const buffer of buffers) {
      state.current.set(buffer, at);
      at += buffer.length;
    }
    state.currentLength = Math.max(state.currentLength, at);
  }

  async datasync(): Promise<void> {
    await Promise.resolve();
    const state = this.#state();
    state.durable = Buffer.from(state.current.subarray(0, state.currentLength));
    this.#fileSystem.datasyncCount += 1;
  }

  async truncate(length: number): Promise<void> {
    await Promise.resolve();
    const state = this.#state();
    ensureCapacity(state, length);
    if (length < state.currentLength) state.current.fill(0, length, state.currentLength);
    state.currentLength = length;
  }

  async size(): Promise<number> {
    await Promise.resolve();
    return this.#state().currentLength;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}

function ensureCapacity(state: MemoryFileState, length: number): void {
  if (state.current.length >= length) return;
  const grown = Buffer.alloc(Math.max(length, state.current.length * 2, 4096));
  state.current.copy(grown, 0, 0, state.currentLength);
  state.current = grown;
}

export class MemoryFileSystem implements StorageFileSystem {
  /** Bumped by `crash()`; handles of an older generation fail with EIO. */
  generation = 0;
  datasyncCount = 0;
  readonly files = new Map<string, MemoryFileState>();
  readonly directories = new Set<string>(["/"]);

  /** Power loss: every file keeps only its durable bytes; open handles die. */
  crash(): void {
    this.generation += 1;
    for (const state of this.files.values()) {
      state.current = Buffer.from(state.durable);
      state.currentLength = state.durable.length;
    }
  }

  /** Bytes written but not yet covered by a datasync, over all files (for tests). */
  unflushedFiles(): string[] {
    return [...this.files.entries()]
      .filter(([, state]) => !state.durable.equals(state.current.subarray(0, state.currentLength)))
      .map(([path]) => path);
  }

  async open(path: string, options: { readonly create: boolean }): Promise<StorageFile> {
    await Promise.resolve();
    const key = normalize(path);
    if (!this.files.has(key)) {
      if (!options.create) throw errno("ENOENT", `${key} does not exist`);
      if (!this.directories.has(dirname(key))) throw errno("ENOENT", `${dirname(key)} does not exist`);
      this.files.set(key, { current: Buffer.alloc(0), currentLength: 0, durable: Buffer.alloc(0) });
    }
    return new MemoryStorageFile(this, key, this.generation);
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    await Promise.resolve();
    const state = this.files.get(normalize(path));
    return state === undefined ? undefined : Buffer.from(state.current.subarray(0, state.currentLength));
  }

  async exists(path: string): Promise<boolean> {
    await Promise.resolve();
    const key = normalize(path);
    return this.files.has(key) || this.directories.has(key);
  }

  async readdir(path: string): Promise<string[]> {
    await Promise.resolve();
    const key = normalize(path);
    if (!this.directories.has(key)) throw errno("ENOENT", `${key} does not exist`);
    const names: string[] = [];
    for (const entry of [...this.files.keys(), ...this.directories]) {
      if (entry !== key && dirname(entry) === key)
        names.push(entry.slice(key.length + (key === "/" ? 0 : 1)));
    }
    return names.sort();
  }

  async mkdir(path: string): Promise<void> {
    await Promise.resolve();
    let key = normalize(path);
    while (!this.directories.has(key)) {
      this.directories.add(key);
      key = dirname(key);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await Promise.resolve();
    const state = this.files.get(normalize(from));
    if (state === undefined) throw errno("ENOENT", `${from} does not exist`);
    this.files.delete(normalize(from));
    this.files.set(normalize(to), state);
  }

  async unlink(path: string): Promise<void> {
    await Promise.resolve();
    this.files.delete(normalize(path));
  }

  async removeDirectory(path: string): Promise<void> {
    await Promise.resolve();
    const key = normalize(path);
    for (const file of [...this.files.keys()]) if (file.startsWith(`${key}/`)) this.files.delete(file);
    for (const directory of [...this.directories]) {
      if (directory === key || directory.startsWith(`${key}/`)) this.directories.delete(directory);
    }
  }

  async syncDirectory(path: string): Promise<void> {
    await Promise.resolve();
    if (!this.directories.has(normalize(path))) throw errno("ENOENT", `${path} does not exist`);
  }
}
