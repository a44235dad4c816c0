/**
 * The engine's operations, one job at a time: a snapshot per job at `<dataDir>/operations/<jobId>.json` and an
 * append-only, fsync'd journal of the changes since (job-journal.ts), so saving a row step costs the same for a
 * 50,000-row job as for a 5-row one. Opened on a held `DataDir`, like every store; opening migrates snapshots an
 * earlier version wrote (format 1: the whole operation, rewritten by lowdb on every save) once.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BulkOperationResult } from '../operations/model.ts';
import type { OperationChange, OperationStore, OutboxEvent } from '../operations/ports.ts';
import type { DataDir } from './data-dir.ts';
import { errorCodeOf, syncDirectory } from './durable-fs.ts';
import { JobJournal, type JobJournalOptions } from './job-journal.ts';
import { migrateSnapshot, readSnapshot, SNAPSHOT_FORMAT_VERSION } from './operation-snapshot.ts';
import { isSafeRecordId, recordIds } from './record-files.ts';
import { redactSecrets } from './redact-secrets.ts';
import { InvalidJobIdError, StoreClosedError, StoredOperationCorruptError } from './store-errors.ts';

/** Written once every snapshot in the folder is in the current format, so later opens skip the check. */
const FORMAT_MARKER = `.format-${SNAPSHOT_FORMAT_VERSION}`;

export interface FileOperationStoreOptions {
  dataDir: DataDir;
  /** Called after each write reaches the disk: a batch of journal lines, or a snapshot (observability, tests). */
  onWrite?: JobJournalOptions['onWrite'];
}

export class FileOperationStore implements OperationStore {
  readonly #folder: string;
  readonly #onWrite: FileOperationStoreOptions['onWrite'];
  readonly #journals = new Map<string, JobJournal>();
  #closed = false;

  private constructor(folder: string, options: FileOperationStoreOptions) {
    this.#folder = folder;
    this.#onWrite = options.onWrite;
  }

  static async open(options: FileOperationStoreOptions): Promise<FileOperationStore> {
    if (options.dataDir.closed) throw new StoreClosedError('data directory');
    const folder = options.dataDir.resolve('operations');
    await mkdir(folder, { recursive: true });
    await migrateFolder(folder);
    return new FileOperationStore(folder, options);
  }

  /**
   * Copies (and redacts) the change now and resolves once it is on disk. The first change of a job must carry
   * every row.
   */
  async append(change: OperationChange): Promise<void> {
    if (this.#closed) throw new StoreClosedError('operation store');
    const journal = this.#journalOf(change.header.jobId);
    await journal.append(redactSecrets(change));
  }

  /** The latest saved state, including a change whose write is still under way; `undefined` if never saved. */
  async load(jobId: string): Promise<BulkOperationResult | undefined> {
    return this.#journalOf(jobId).operation();
  }

  /** Every saved operation, newest (latest `startedAt`) first. */
  async list(): Promise<BulkOperationResult[]> {
    const ids = new Set(await recordIds(this.#folder));
    for (const id of this.#journals.keys()) ids.add(id);
    const operations = await Promise.all([...ids].map((id) => this.load(id)));
    return operations
      .filter((operation): operation is BulkOperationResult => operation !== undefined)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.jobId.localeCompare(a.jobId));
  }

  async unaudited(jobId: string): Promise<OutboxEvent[]> {
    return this.#journalOf(jobId).unaudited();
  }

  /** Waits for every write under way. */
  async flush(): Promise<void> {
    await Promise.all([...this.#journals.values()].map((journal) => journal.close()));
  }

  /** Waits for writes under way; later changes are refused with `StoreClosedError`. The directory's owner closes it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.flush();
  }

  #journalOf(jobId: string): JobJournal {
    if (!isSafeRecordId(jobId)) throw new InvalidJobIdError(jobId);
    let journal = this.#journals.get(jobId);
    if (journal === undefined) {
      journal = new JobJournal({ folder: this.#folder, jobId, onWrite: this.#onWrite });
      this.#journals.set(jobId, journal);
    }
    return journal;
  }
}

/**
 * Rewrites every format-1 snapshot in format 2, once per data directory (the marker is written last, so a
 * migration cut short runs again). A file that cannot be read is left as it is: loading it says what is wrong.
 */
async function migrateFolder(folder: string): Promise<void> {
  const marker = join(folder, FORMAT_MARKER);
  if (await exists(marker)) return;
  for (const id of await recordIds(folder)) {
    let snapshot;
    try {
      snapshot = await readSnapshot(folder, id);
    } catch (error) {
      if (error instanceof StoredOperationCorruptError) continue;
      throw error;
    }
    if (snapshot?.legacy === true) await migrateSnapshot(folder, id, snapshot);
  }
  await writeFile(marker, `${SNAPSHOT_FORMAT_VERSION}\n`);
  await syncDirectory(folder);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return false;
    throw error;
  }
}
