/**
 * File-system steps the Raft storage relies on for durability. A write is acknowledged only after
 * its data and the directory entry that names it are on disk.
 */
import { unlink } from "node:fs/promises";
import { NodeFileSystem, writeFileAtomically as writeAtomicallyWith } from "@rill/storage";

// The partition log's file layer is the one implementation of these steps in the repo; the Raft
// log uses it on the real file system rather than keeping a copy.
const nodeFileSystem = new NodeFileSystem();

/** fsync a directory, making creations, renames and deletions inside it durable. */
export function fsyncDirectory(path: string): Promise<void> {
  return nodeFileSystem.syncDirectory(path);
}

/**
 * Replaces `path` with `bytes` atomically: write a temp file, fsync it, rename it over `path`,
 * fsync the directory. After a crash the file holds either the old or the new content, never a mix.
 */
export function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  return writeAtomicallyWith(nodeFileSystem, path, bytes);
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
