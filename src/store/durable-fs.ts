import { open } from 'node:fs/promises';

/** Flushes a file's data to the disk (steno renames into place but does not fsync). */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new file in `dir` survive a power cut. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    // Windows cannot open a directory for syncing; NTFS journals the rename itself.
    if (errorCodeOf(error) === 'EISDIR' || errorCodeOf(error) === 'EPERM') return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (network shares) refuse to fsync a directory; the file itself is already synced.
    if (errorCodeOf(error) !== 'EINVAL' && errorCodeOf(error) !== 'EBADF') throw error;
  } finally {
    await handle.close();
  }
}

export function errorCodeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
