/**
 * The data directory, held. Every file store is opened on a `DataDir`, and only `openDataDir` makes one — after
 * taking the directory's lock — so no store can be opened by a process that does not own the directory (this
 * used to be a comment: "open the operation store first"). Close the stores, then the directory.
 */
import { join } from 'node:path';
import { acquireDataDirLock, type DataDirLock, type DataDirLockOptions } from './data-dir-lock.ts';

export class DataDir {
  readonly path: string;
  readonly #lock: DataDirLock;
  #closed = false;

  private constructor(path: string, lock: DataDirLock) {
    this.path = path;
    this.#lock = lock;
  }

  /** Creates the directory if missing and takes its lock (`DataDirLockedError` when a live process has it). */
  static async open(path: string, options: DataDirLockOptions = {}): Promise<DataDir> {
    return new DataDir(path, await acquireDataDirLock(path, options));
  }

  /** A path inside the directory. */
  resolve(...segments: string[]): string {
    return join(this.path, ...segments);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Releases the lock; the stores opened on it must be closed first. Repeating it does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#lock.release();
  }
}

export const openDataDir = (path: string, options?: DataDirLockOptions): Promise<DataDir> =>
  DataDir.open(path, options);
