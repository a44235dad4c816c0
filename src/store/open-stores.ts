/**
 * Everything a process keeps in its data directory, opened in one place: the directory is held first (its lock)
 * and every store is opened on it; `close` closes them in reverse and lets the directory go last, whatever
 * fails on the way, so a refused start or a finished command never leaves the lock held.
 */
import type { ConversationStore } from '../operations/conversation-store.ts';
import type { Clock } from '../operations/ports.ts';
import { openDataDir, type DataDir } from './data-dir.ts';
import type { DataDirLockOptions } from './data-dir-lock.ts';
import { openFileConversationStore } from './file-conversation-store.ts';
import { FileJobStore } from './file-job-store.ts';
import { FileOperationStore, type FileOperationStoreOptions } from './file-operation-store.ts';
import { JsonlAuditLog } from './jsonl-audit-log.ts';

export interface Stores {
  dataDir: DataDir;
  operations: FileOperationStore;
  jobs: FileJobStore;
  audit: JsonlAuditLog;
  conversations: ConversationStore;
  /** Closes every store, then releases the directory. Repeating it does nothing. */
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  clock?: Clock;
  lock?: DataDirLockOptions;
  operations?: Omit<FileOperationStoreOptions, 'dataDir'>;
  /** Told of a store that failed to close (the others are still closed). */
  onCloseError?: (store: string, error: unknown) => void;
}

export async function openStores(path: string, options: OpenStoresOptions = {}): Promise<Stores> {
  const dataDir = await openDataDir(path, options.lock);
  const closers: { name: string; close: () => Promise<unknown> }[] = [
    { name: 'data directory', close: () => dataDir.close() },
  ];
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      for (const { name, close: closeOne } of closers.reverse()) {
        try {
          await closeOne();
        } catch (error) {
          // Keep closing the rest: the lock must go even when one store fails to close.
          options.onCloseError?.(name, error);
        }
      }
    })());
  try {
    const operations = await FileOperationStore.open({ ...options.operations, dataDir });
    closers.push({ name: 'operation store', close: () => operations.close() });
    const jobs = await FileJobStore.open({ dataDir });
    closers.push({ name: 'job store', close: () => jobs.close() });
    const audit = await JsonlAuditLog.open({ dataDir, ...(options.clock ? { clock: options.clock } : {}) });
    closers.push({ name: 'audit trail', close: () => audit.close() });
    const conversations = await openFileConversationStore(dataDir);
    return { dataDir, operations, jobs, audit, conversations, close };
  } catch (error) {
    await close();
    throw error;
  }
}
