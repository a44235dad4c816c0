/**
 * The job store: one lowdb JSONFile per operation (`<dataDir>/operations/<operationId>.json`), so a 5,000-item
 * job rewrites only its own file. lowdb's JSONFile (steno) writes a temp file and renames it into place, so a
 * reader or a crash never sees half a file; saves are group-committed (see CoalescingWriter).
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import type { BulkOperationResult } from '../operations/model.ts';
import type { OperationStore } from '../operations/ports.ts';
import { CoalescingWriter } from './coalescing-writer.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { syncDirectory, syncFile } from './durable-fs.ts';
import { redactSecrets } from './redact-secrets.ts';
import { InvalidOperationIdError, StoreClosedError, StoredOperationCorruptError } from './store-errors.ts';

export interface FileOperationStoreOptions {
  dataDir: string;
  /**
   * Minimum time between two writes of the same operation; saves in between are merged into one write.
   * @default 50
   */
  minWriteIntervalMs?: number;
  /** Called after each file write reaches the disk (observability and tests). */
  onWrite?: (write: { operationId: string }) => void;
}

/** What is on disk: the operation inside a versioned envelope, so the format can evolve. */
interface StoredOperationDocument {
  formatVersion: 1;
  operation: BulkOperationResult;
}

interface OperationFile {
  path: string;
  adapter: JSONFile<StoredOperationDocument>;
  /** Holds the caller's live object: it is copied (and redacted) only when a write starts. */
  writer: CoalescingWriter<BulkOperationResult>;
}

const OPERATIONS_DIR = 'operations';
const SAFE_OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class FileOperationStore implements OperationStore {
  readonly #operationsDir: string;
  readonly #minWriteIntervalMs: number;
  readonly #onWrite: FileOperationStoreOptions['onWrite'];
  readonly #lock: DataDirLock;
  readonly #files = new Map<string, OperationFile>();
  #closed = false;

  private constructor(options: FileOperationStoreOptions, lock: DataDirLock) {
    this.#operationsDir = join(options.dataDir, OPERATIONS_DIR);
    this.#minWriteIntervalMs = options.minWriteIntervalMs ?? 50;
    this.#onWrite = options.onWrite;
    this.#lock = lock;
  }

  /** Takes the data directory's lock (throws `DataDirLockedError` if another process holds it). */
  static async open(options: FileOperationStoreOptions): Promise<FileOperationStore> {
    const lock = await acquireDataDirLock(options.dataDir);
    try {
      await mkdir(join(options.dataDir, OPERATIONS_DIR), { recursive: true });
    } catch (error) {
      await lock.release();
      throw error;
    }
    return new FileOperationStore(options, lock);
  }

  /**
   * Resolves once the object's state as of this call, or a newer one, is on disk. The object is copied (and
   * redacted) when its write starts, not here: copying a 5,000-row job costs ~16 ms, and a job saves every
   * row's every step, so copying per save grew with rows × saves. A caller's later changes may therefore be
   * written too — they are newer states of the same operation; pass a copy to save a snapshot.
   */
  async save(operation: BulkOperationResult): Promise<void> {
    if (this.#closed) throw new StoreClosedError('job store');
    const file = this.#fileFor(operation.operationId);
    await file.writer.submit(operation);
  }

  /** The latest saved state, including one whose write is still under way; `undefined` if never saved. */
  async load(operationId: string): Promise<BulkOperationResult | undefined> {
    const file = this.#fileFor(operationId);
    const unwritten = file.writer.unwritten();
    if (unwritten !== undefined) return redactSecrets(unwritten);
    let document: StoredOperationDocument | null;
    try {
      document = await file.adapter.read();
    } catch (error) {
      throw new StoredOperationCorruptError(file.path, 'it is not valid JSON', { cause: error });
    }
    if (document === null) return undefined;
    return readEnvelope(document, file.path, operationId);
  }

  /** Every saved operation, newest (latest `startedAt`) first. */
  async list(): Promise<BulkOperationResult[]> {
    const ids = new Set(await this.#idsOnDisk());
    for (const [id, file] of this.#files) if (file.writer.unwritten() !== undefined) ids.add(id);
    const operations = await Promise.all([...ids].map((id) => this.load(id)));
    return operations
      .filter((operation): operation is BulkOperationResult => operation !== undefined)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.operationId.localeCompare(a.operationId));
  }

  /** Writes every waiting save now, without waiting for the coalescing interval. */
  async flush(): Promise<void> {
    await Promise.all([...this.#files.values()].map((file) => file.writer.flush()));
  }

  /** Flushes, then releases the data directory. Later saves are refused with `StoreClosedError`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.flush();
    } finally {
      await this.#lock.release();
    }
  }

  #fileFor(operationId: unknown): OperationFile {
    if (typeof operationId !== 'string' || !SAFE_OPERATION_ID.test(operationId)) {
      throw new InvalidOperationIdError(operationId);
    }
    const existing = this.#files.get(operationId);
    if (existing !== undefined) return existing;
    const path = join(this.#operationsDir, `${operationId}.json`);
    const adapter = new JSONFile<StoredOperationDocument>(path);
    const writer = new CoalescingWriter<BulkOperationResult>({
      minIntervalMs: this.#minWriteIntervalMs,
      write: async (operation) => {
        await adapter.write({ formatVersion: 1, operation: redactSecrets(operation) });
        await syncFile(path);
        await syncDirectory(this.#operationsDir);
        this.#onWrite?.({ operationId });
      },
    });
    const file = { path, adapter, writer };
    this.#files.set(operationId, file);
    return file;
  }

  async #idsOnDisk(): Promise<string[]> {
    const names = await readdir(this.#operationsDir);
    // Skips steno's temp files (`.<id>.json.tmp`) and anything that is not an operation.
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => SAFE_OPERATION_ID.test(id));
  }
}

function readEnvelope(document: unknown, path: string, operationId: string): BulkOperationResult {
  if (typeof document !== 'object' || document === null || !('formatVersion' in document)) {
    throw new StoredOperationCorruptError(path, 'it is not a saved operation');
  }
  if (document.formatVersion !== 1 || !('operation' in document)) {
    throw new StoredOperationCorruptError(path, `its format version ${String(document.formatVersion)} is unknown`);
  }
  const operation = document.operation as BulkOperationResult;
  if (operation.operationId !== operationId) {
    throw new StoredOperationCorruptError(path, `it holds operation ${String(operation.operationId)}`);
  }
  return operation;
}
