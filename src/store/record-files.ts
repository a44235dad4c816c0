/**
 * One JSON document per record in a folder of the data directory (`<dataDir>/<folder>/<id>.json`), inside a
 * versioned envelope `{ formatVersion: 1, <key>: record }` so the format can evolve. Shared by the job store
 * and the operation store, which differ only in how often they write (see each).
 *
 * lowdb's JSONFile (steno) writes a temp file and renames it into place, so a reader or a crash never sees
 * half a file; each write is then fsync'd with its folder. Callers write one id at a time (each store keeps a
 * queue per id), and one JSONFile per id is kept so steno's own ordering holds too.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import type { DataDir } from './data-dir.ts';
import { syncDirectory, syncFile } from './durable-fs.ts';
import { redactSecrets } from './redact-secrets.ts';
import { InvalidJobIdError, StoreClosedError } from './store-errors.ts';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const FORMAT_VERSION = 1;

export function isSafeRecordId(id: unknown): id is string {
  return typeof id === 'string' && SAFE_ID.test(id);
}

export interface RecordFilesOptions<T> {
  folder: string;
  /** The envelope's member holding the record: `job`, `operation`. */
  key: string;
  idOf(record: T): string;
  /** Brings a record written by an earlier version up to date (read-time migration). */
  upgrade?(stored: Record<string, unknown>): T;
  /** The store's typed error for a file that cannot be read as one of its records. */
  corrupt(path: string, reason: string, options?: { cause?: unknown }): Error;
}

export class RecordFiles<T> {
  readonly folder: string;
  readonly #options: RecordFilesOptions<T>;
  readonly #files = new Map<string, JSONFile<Record<string, unknown>>>();

  private constructor(folder: string, options: RecordFilesOptions<T>) {
    this.folder = folder;
    this.#options = options;
  }

  static async open<T>(dataDir: DataDir, options: RecordFilesOptions<T>): Promise<RecordFiles<T>> {
    if (dataDir.closed) throw new StoreClosedError('data directory');
    const folder = dataDir.resolve(options.folder);
    await mkdir(folder, { recursive: true });
    return new RecordFiles(folder, options);
  }

  pathOf(id: string): string {
    return join(this.folder, `${requireSafeId(id)}.json`);
  }

  /** The ids on disk; steno's temp files (`.<id>.json.tmp`) and anything that is not a record are skipped. */
  ids(): Promise<string[]> {
    return recordIds(this.folder);
  }

  /** The stored record, or `undefined` when there is none; the store's corrupt error when it cannot be read. */
  async read(id: string): Promise<T | undefined> {
    const path = this.pathOf(id);
    let document: unknown;
    try {
      document = await this.#fileOf(id).read();
    } catch (error) {
      throw this.#options.corrupt(path, 'it is not valid JSON', { cause: error });
    }
    if (document === null) return undefined;
    return this.#unwrap(document, path, id);
  }

  /** Writes the record (secrets redacted) and fsyncs it; resolves with what is on disk. */
  async write(record: T): Promise<T> {
    const id = requireSafeId(this.#options.idOf(record));
    const path = this.pathOf(id);
    const stored = redactSecrets(record);
    await this.#fileOf(id).write({ formatVersion: FORMAT_VERSION, [this.#options.key]: stored });
    await syncFile(path);
    await syncDirectory(this.folder);
    return stored;
  }

  #fileOf(id: string): JSONFile<Record<string, unknown>> {
    let file = this.#files.get(id);
    if (file === undefined) {
      file = new JSONFile<Record<string, unknown>>(this.pathOf(id));
      this.#files.set(id, file);
    }
    return file;
  }

  #unwrap(document: unknown, path: string, id: string): T {
    const { key, corrupt, idOf, upgrade } = this.#options;
    if (typeof document !== 'object' || document === null || !('formatVersion' in document)) {
      throw corrupt(path, `it is not a saved ${key}`);
    }
    if (document.formatVersion !== FORMAT_VERSION || !(key in document)) {
      throw corrupt(path, `its format version ${String(document.formatVersion)} is unknown`);
    }
    const value = (document as Record<string, unknown>)[key];
    if (typeof value !== 'object' || value === null) throw corrupt(path, `it holds no ${key}`);
    const record = upgrade === undefined ? (value as T) : upgrade(value as Record<string, unknown>);
    const storedId = idOf(record) as unknown;
    if (storedId !== id) throw corrupt(path, `it holds ${key} ${String(storedId)}`);
    return record;
  }
}

function requireSafeId(id: unknown): string {
  if (!isSafeRecordId(id)) throw new InvalidJobIdError(id);
  return id;
}

/**
 * Records written before the job's id had one name carried it as `operationId` (always equal to `jobId`);
 * they read as today's records.
 */
export function renameLegacyOperationId(stored: Record<string, unknown>): Record<string, unknown> {
  if (!('operationId' in stored)) return stored;
  const { operationId, ...rest } = stored;
  return 'jobId' in rest ? rest : { ...rest, jobId: operationId };
}

/** The ids of the `<id>.json` records in `folder`; temp files (`.<id>.json.tmp`) and anything else are skipped. */
export async function recordIds(folder: string): Promise<string[]> {
  const names = await readdir(folder);
  return names
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter(isSafeRecordId);
}
