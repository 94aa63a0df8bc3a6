/**
 * The durable commit index, written with every Ready that moves it (after the entries it covers
 * are fsynced), without the rename + directory fsync the hard-state file needs: two fixed
 * 24-byte slots overwritten in turn, each [magic u32][sequence u64][commit u64][crc32c u32].
 * A torn write spoils at most the slot being written; recovery takes the valid slot with the
 * highest sequence, so the commit index read back never goes below one that was acknowledged.
 */
import { join } from "node:path";
import { crc32c } from "@rill/protocol";
import type { StorageFile, StorageFileSystem } from "@rill/storage";

const SLOT_BYTES = 24;
const MAGIC = 0x52434d54; // "RCMT"

interface SlotValue {
  readonly sequence: number;
  readonly commit: number;
}

function decodeSlot(bytes: Buffer, offset: number): SlotValue | undefined {
  if (bytes.length < offset + SLOT_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, SLOT_BYTES);
  if (view.getUint32(0) !== MAGIC) return undefined;
  if (crc32c(bytes, offset, offset + 20) !== view.getUint32(20)) return undefined;
  const sequence = Number(view.getBigUint64(4));
  const commit = Number(view.getBigUint64(12));
  if (!Number.isSafeInteger(sequence) || !Number.isSafeInteger(commit)) return undefined;
  return { sequence, commit };
}

export class CommitFile {
  readonly #file: StorageFile;
  #sequence: number;
  #durableCommit: number;
  private constructor(file: StorageFile, sequence: number, durableCommit: number) {
    this.#file = file;
    this.#sequence = sequence;
    this.#durableCommit = durableCommit;
  }

  /** Opens (creating when absent) the commit file of a Raft data dir. */
  static async open(fileSystem: StorageFileSystem, dir: string): Promise<CommitFile> {
    const path = join(dir, "commit");
    let file: StorageFile;
    if (await fileSystem.exists(path)) {
      file = await fileSystem.open(path, { create: false });
    } else {
      file = await fileSystem.open(path, { create: true });
      await file.datasync();
      await fileSystem.syncDirectory(dir);
    }
    const bytes = Buffer.alloc(SLOT_BYTES * 2);
    await file.read(bytes, 0, bytes.length, 0);
    const slots = [decodeSlot(bytes, 0), decodeSlot(bytes, SLOT_BYTES)].filter(
      (slot): slot is SlotValue => slot !== undefined,
    );
    const newest = slots.sort((a, b) => b.sequence - a.sequence)[0];
    return new CommitFile(file, newest?.sequence ?? 0, newest?.commit ?? 0);
  }

  /** The last commit index made durable here (0 when none). */
  get commit(): number {
    return this.#durableCommit;
  }

  /** Makes `commit` durable; a no-op when it is not above the durable one. */
  async write(commit: number): Promise<void> {
    if (commit <= this.#durableCommit) return;
    const sequence = this.#sequence + 1;
    const slot = Buffer.alloc(SLOT_BYTES);
    const view = new DataView(slot.buffer, slot.byteOffset, SLOT_BYTES);
    view.setUint32(0, MAGIC);
    view.setBigUint64(4, BigInt(sequence));
    view.setBigUint64(12, BigInt(commit));
    view.setUint32(20, crc32c(slot, 0, 20));
    await this.#file.write([slot], (sequence % 2) * SLOT_BYTES);
    await this.#file.datasync();
    this.#sequence = sequence;
    this.#durableCommit = commit;
  }

  async close(): Promise<void> {
    await this.#file.close();
  }
}
