import { dirname } from "node:path";
import type { StorageFileSystem } from "./file-system.js";

/**
 * Replaces `path` with `contents` so that after a crash the file holds either the old or the new
 * contents, never a mix: write a temp file, fsync it, rename over the target, fsync the directory.
 */
export async function writeFileAtomically(
  fileSystem: StorageFileSystem,
  path: string,
  contents: Uint8Array,
): Promise<void> {
  const temporaryPath = `${path}.tmp`;
  const file = await fileSystem.open(temporaryPath, { create: true });
  try {
    await file.truncate(0);
    await file.write([contents], 0);
    await file.datasync();
  } finally {
    await file.close();
  }
  await fileSystem.rename(temporaryPath, path);
  await fileSystem.syncDirectory(dirname(path));
}
