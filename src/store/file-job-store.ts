/**
 * Jobs awaiting approval (and their later states): one document per job at `<dataDir>/jobs/<jobId>.json`
 * (record-files.ts). A job is small and changes a handful of times, so each change is written and fsync'd at
 * once (no coalescing). Opened on a held `DataDir`, like every store.
 */
import {
  isSamePerson,
  upgradeJobRecord,
  withApprovalRequestField,
  type JobListQuery,
  type JobRecord,
  type JobStore,
} from '../operations/jobs/index.ts';
import type { DataDir } from './data-dir.ts';
import { JobIdChangedError, StoredJobCorruptError } from './job-store-errors.ts';
import { isSafeRecordId, RecordFiles, renameLegacyOperationId } from './record-files.ts';
import { InvalidJobIdError, StoreClosedError } from './store-errors.ts';

export interface FileJobStoreOptions {
  dataDir: DataDir;
}

type JobChange = Parameters<JobStore['update']>[1];

/** Jobs stored before they kept their blocked rows read as having none listed. */
function withBlockedRows(stored: Record<string, unknown>): Record<string, unknown> {
  return Array.isArray(stored.blockedRows) ? stored : { ...stored, blockedRows: [] };
}

export class FileJobStore implements JobStore {
  readonly #files: RecordFiles<JobRecord>;
  /** The tail of each job's queue of writes; removed when the queue drains. */
  readonly #queues = new Map<string, Promise<void>>();
  #closed = false;

  private constructor(files: RecordFiles<JobRecord>) {
    this.#files = files;
  }

  static async open(options: FileJobStoreOptions): Promise<FileJobStore> {
    const files = await RecordFiles.open<JobRecord>(options.dataDir, {
      folder: 'jobs',
      key: 'job',
      idOf: (job) => job.jobId,
      // The state is read first: an old `approvalChannelPost` claim says the request went out (submitted).
      upgrade: (stored) =>
        withApprovalRequestField(
          upgradeJobRecord(withBlockedRows(renameLegacyOperationId(stored)) as unknown as JobRecord) as never,
        ) as unknown as JobRecord,
      corrupt: (path, reason, errorOptions) => new StoredJobCorruptError(path, reason, errorOptions),
    });
    return new FileJobStore(files);
  }

  /** The job as last stored; `undefined` when there is none, or when the id could never name one (a crafted card). */
  async get(jobId: string): Promise<JobRecord | undefined> {
    if (!isSafeRecordId(jobId)) return undefined;
    return this.#files.read(jobId);
  }

  async put(record: JobRecord): Promise<void> {
    this.#assertOpen();
    if (!isSafeRecordId(record.jobId)) throw new InvalidJobIdError(record.jobId);
    await this.#serialise(record.jobId, () => this.#files.write(record));
  }

  async update(jobId: string, change: JobChange): Promise<JobRecord | undefined> {
    this.#assertOpen();
    if (!isSafeRecordId(jobId)) {
      const created = await change(undefined);
      if (created !== undefined) throw new InvalidJobIdError(jobId);
      return undefined;
    }
    return this.#serialise(jobId, async () => {
      const current = await this.#files.read(jobId);
      const next = await change(current);
      if (next === undefined) return current;
      if (next.jobId !== jobId) throw new JobIdChangedError(jobId, next.jobId);
      return this.#files.write(next);
    });
  }

  /**
   * Newest (latest `createdAt`) first; with `requesterId`, only that person's jobs. A job file that cannot be
   * read is left out (`get` names it): one damaged file must not hide every other job, nor stop a restart.
   */
  async list(query: JobListQuery): Promise<JobRecord[]> {
    const readable = (id: string) =>
      this.#files.read(id).catch((error: unknown) => {
        if (error instanceof StoredJobCorruptError) return undefined;
        throw error;
      });
    const jobs = (await Promise.all((await this.#files.ids()).map(readable))).filter(
      (job): job is JobRecord =>
        job !== undefined &&
        (query.requesterId === undefined || isSamePerson(job.requester, { id: query.requesterId })),
    );
    jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.jobId.localeCompare(a.jobId));
    return jobs.slice(0, Math.max(0, Math.floor(query.limit)));
  }

  /** Waits for every write under way; later writes are refused with `StoreClosedError`. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#queues.values());
  }

  /** Changes to one job run one at a time, in call order; a failed change does not block the next. */
  #serialise<T>(jobId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(jobId) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      // The caller hears of the failure through `result`; the queue only needs to know it is over.
      () => undefined,
    );
    this.#queues.set(jobId, tail);
    void tail.then(() => {
      if (this.#queues.get(jobId) === tail) this.#queues.delete(jobId);
    });
    return result;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError('job store');
  }
}
