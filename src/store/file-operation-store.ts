/**
 * The engine's operations: one document per job at `<dataDir>/operations/<jobId>.json` (record-files.ts), so
 * a 5,000-row job rewrites only its own file. An operation saves every row's every step, so saves are
 * group-committed (see CoalescingWriter). Opened on a held `DataDir`, like every store.
 */
import type { BulkOperationResult } from '../operations/model.ts';
import type { OperationStore } from '../operations/ports.ts';
import { CoalescingWriter } from './coalescing-writer.ts';
import type { DataDir } from './data-dir.ts';
import { RecordFiles, renameLegacyOperationId } from './record-files.ts';
import { redactSecrets } from './redact-secrets.ts';
import { StoreClosedError, StoredOperationCorruptError } from './store-errors.ts';

export interface FileOperationStoreOptions {
  dataDir: DataDir;
  /**
   * Minimum time between two writes of the same operation; saves in between are merged into one write.
   * @default 50
   */
  minWriteIntervalMs?: number;
  /** Called after each file write reaches the disk (observability and tests). */
  onWrite?: (write: { jobId: string }) => void;
}

export class FileOperationStore implements OperationStore {
  readonly #files: RecordFiles<BulkOperationResult>;
  readonly #minWriteIntervalMs: number;
  readonly #onWrite: FileOperationStoreOptions['onWrite'];
  /** Holds the caller's live object: it is copied (and redacted) only when a write starts. */
  readonly #writers = new Map<string, CoalescingWriter<BulkOperationResult>>();
  #closed = false;

  private constructor(options: FileOperationStoreOptions, files: RecordFiles<BulkOperationResult>) {
    this.#files = files;
    this.#minWriteIntervalMs = options.minWriteIntervalMs ?? 50;
    this.#onWrite = options.onWrite;
  }

  static async open(options: FileOperationStoreOptions): Promise<FileOperationStore> {
    const files = await RecordFiles.open<BulkOperationResult>(options.dataDir, {
      folder: 'operations',
      key: 'operation',
      idOf: (operation) => operation.jobId,
      upgrade: (stored) => renameLegacyOperationId(stored) as unknown as BulkOperationResult,
      corrupt: (path, reason, errorOptions) => new StoredOperationCorruptError(path, reason, errorOptions),
    });
    return new FileOperationStore(options, files);
  }

  /**
   * Resolves once the object's state as of this call, or a newer one, is on disk. The object is copied (and
   * redacted) when its write starts, not here: copying a 5,000-row job costs ~16 ms, and a job saves every
   * row's every step, so copying per save grew with rows × saves. A caller's later changes may therefore be
   * written too — they are newer states of the same operation; pass a copy to save a snapshot.
   */
  async save(operation: BulkOperationResult): Promise<void> {
    if (this.#closed) throw new StoreClosedError('operation store');
    await this.#writerFor(operation.jobId).submit(operation);
  }

  /** The latest saved state, including one whose write is still under way; `undefined` if never saved. */
  async load(jobId: string): Promise<BulkOperationResult | undefined> {
    const unwritten = this.#writerFor(jobId).unwritten();
    if (unwritten !== undefined) return redactSecrets(unwritten);
    return this.#files.read(jobId);
  }

  /** Every saved operation, newest (latest `startedAt`) first. */
  async list(): Promise<BulkOperationResult[]> {
    const ids = new Set(await this.#files.ids());
    for (const [id, writer] of this.#writers) if (writer.unwritten() !== undefined) ids.add(id);
    const operations = await Promise.all([...ids].map((id) => this.load(id)));
    return operations
      .filter((operation): operation is BulkOperationResult => operation !== undefined)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.jobId.localeCompare(a.jobId));
  }

  /** Writes every waiting save now, without waiting for the coalescing interval. */
  async flush(): Promise<void> {
    await Promise.all([...this.#writers.values()].map((writer) => writer.flush()));
  }

  /** Flushes; later saves are refused with `StoreClosedError`. The data directory is closed by its owner. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.flush();
  }

  #writerFor(jobId: string): CoalescingWriter<BulkOperationResult> {
    this.#files.pathOf(jobId); // throws for an id that could never name a file
    const existing = this.#writers.get(jobId);
    if (existing !== undefined) return existing;
    const writer = new CoalescingWriter<BulkOperationResult>({
      minIntervalMs: this.#minWriteIntervalMs,
      write: async (operation) => {
        await this.#files.write(operation);
        this.#onWrite?.({ jobId });
      },
    });
    this.#writers.set(jobId, writer);
    return writer;
  }
}
