/**
 * File-system steps the Raft storage relies on for durability. A write is acknowledged only after
 * its data and the directory entry that names it are on disk.
 */
import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

/** fsync a directory, making creations, renames and deletions inside it durable. */
export async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `bytes` atomically: write a temp file, fsync it, rename it over `path`,
 * fsync the directory. After a crash the file holds either the old or the new content, never a mix.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporaryPath = `${path}.tmp`;
  const handle = await open(temporaryPath, "w");
  try {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, written);
      written += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporaryPath, path);
  await fsyncDirectory(dirname(path));
}

/** Removes a file if it exists (a leftover temp file after a crash). */
export async function removeIfExists(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
