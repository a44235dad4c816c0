/** Shared set-up for the store tests: real files in a fresh temp dir, and small operations to save. */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { countItems, createItem, type BulkOperationResult } from '../../src/operations/model.ts';
import type { Clock, OperationChange } from '../../src/operations/ports.ts';
import { openDataDir, type DataDir } from '../../src/store/data-dir.ts';

/** Call inside a `describe`: returns a maker of fresh temp dirs, all removed after the suite. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailbox-recovery-store-'));
    made.push(dir);
    return dir;
  };
}

export function makeOperation(
  jobId: string,
  options: { items?: number; startedAt?: string } = {},
): BulkOperationResult {
  const items = Array.from({ length: options.items ?? 2 }, (_, index) =>
    createItem({
      rowNumber: index + 2,
      sourceIdentity: `user${index}@contoso.com`,
      targetIdentity: null,
      additionalData: { department: 'Sales' },
    }),
  );
  return {
    jobId,
    operationType: 'recovery',
    state: 'running',
    totals: countItems(items),
    items,
    startedAt: options.startedAt ?? '2025-01-15T09:00:00.000Z',
    completedAt: null,
    durationSeconds: 0,
    successRate: 0,
    retryOf: null,
    stopReason: null,
  };
}

/** The whole operation as one change (every row), the way the engine saves a job the first time. */
export function wholeChange(operation: BulkOperationResult): OperationChange {
  const { items, ...header } = operation;
  return { header, rows: items };
}

/** A change of `rows` only, with the operation's header as it is now. */
export function rowChange(operation: BulkOperationResult, rowNumbers: readonly number[]): OperationChange {
  const { items, ...header } = operation;
  return { header, rows: items.filter((item) => rowNumbers.includes(item.rowNumber)) };
}

/** A clock that advances one second per reading, so timestamps are predictable. */
export function makeSteppingClock(start = '2025-01-15T09:00:00.000Z'): Clock {
  let next = Date.parse(start);
  return {
    now: () => {
      const now = new Date(next);
      next += 1000;
      return now;
    },
    sleep: () => Promise.resolve(),
  };
}

/** The pid of a process that has already exited. */
export function findDeadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid ?? Number.NaN));
  });
}

/** Every file under `dir`, recursively, with its content. */
export async function readEveryFile(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
}

/**
 * A store opened on a freshly held data directory, whose `close` then lets the directory go — as
 * `openStores` does for the product — so a test can close and reopen a store on the same path.
 */
export async function openHeld<S extends { close(): Promise<void> }>(
  path: string,
  open: (dataDir: DataDir) => Promise<S>,
): Promise<S> {
  const dataDir = await openDataDir(path);
  let store: S;
  try {
    store = await open(dataDir);
  } catch (error) {
    await dataDir.close();
    throw error;
  }
  const closeStore = store.close.bind(store);
  return Object.assign(store, {
    close: async () => {
      try {
        await closeStore();
      } finally {
        await dataDir.close();
      }
    },
  });
}
