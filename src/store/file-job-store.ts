/**
 * Jobs awaiting approval (and their later states): one lowdb JSONFile per job at `<dataDir>/jobs/<jobId>.json`.
 * A job is small and changes a handful of times, so each change is written and fsync'd at once (no coalescing).
 *
 * It does NOT take the data directory's lock: open `FileOperationStore` on the same data directory first (it
 * holds the lock for the process), and close this store before that one.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import { isSamePerson, type JobListQuery, type JobRecord, type JobStore } from '../operations/jobs/job-record.ts';
import { syncDirectory, syncFile } from './durable-fs.ts';
import { JobIdChangedError, StoredJobCorruptError } from './job-store-errors.ts';
import { redactSecrets } from './redact-secrets.ts';
import { InvalidOperationIdError, StoreClosedError } from './store-errors.ts';

export interface FileJobStoreOptions {
  dataDir: string;
}

/** What is on disk: the job inside a versioned envelope, so the format can evolve. */
interface StoredJobDocument {
  formatVersion: 1;
  job: JobRecord;
}

type JobChange = Parameters<JobStore['update']>[1];

const JOBS_DIR = 'jobs';
const SAFE_JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class FileJobStore implements JobStore {
  readonly #jobsDir: string;
  /** The tail of each job's queue of writes; removed when the queue drains. */
  readonly #queues = new Map<string, Promise<void>>();
  #closed = false;

  private constructor(jobsDir: string) {
    this.#jobsDir = jobsDir;
  }

  static async open(options: FileJobStoreOptions): Promise<FileJobStore> {
    const jobsDir = join(options.dataDir, JOBS_DIR);
    await mkdir(jobsDir, { recursive: true });
    return new FileJobStore(jobsDir);
  }

  /** The job as last stored; `undefined` when there is none, or when the id could never name one (a crafted card). */
  async get(jobId: string): Promise<JobRecord | undefined> {
    if (!isSafeJobId(jobId)) return undefined;
    return this.#read(jobId);
  }

  async put(record: JobRecord): Promise<void> {
    this.#assertOpen();
    const jobId = requireSafeJobId(record.jobId);
    await this.#serialise(jobId, () => this.#write(record));
  }

  async update(jobId: string, change: JobChange): Promise<JobRecord | undefined> {
    this.#assertOpen();
    if (!isSafeJobId(jobId)) {
      const created = await change(undefined);
      if (created !== undefined) throw new InvalidOperationIdError(jobId);
      return undefined;
    }
    return this.#serialise(jobId, async () => {
      const current = await this.#read(jobId);
      const next = await change(current);
      if (next === undefined) return current;
      if (next.jobId !== jobId) throw new JobIdChangedError(jobId, next.jobId);
      return this.#write(next);
    });
  }

  /**
   * Newest (latest `createdAt`) first; with `requesterId`, only that person's jobs. A job file that cannot be
   * read is left out (`get` names it): one damaged file must not hide every other job, nor stop a restart.
   */
  async list(query: JobListQuery): Promise<JobRecord[]> {
    const names = await readdir(this.#jobsDir);
    // Skips steno's temp files (`.<id>.json.tmp`) and anything that is not a job.
    const ids = names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter(isSafeJobId);
    const readable = (id: string) =>
      this.#read(id).catch((error: unknown) => {
        if (error instanceof StoredJobCorruptError) return undefined;
        throw error;
      });
    const jobs = (await Promise.all(ids.map(readable))).filter(
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

  async #write(record: JobRecord): Promise<JobRecord> {
    const path = this.#pathOf(record.jobId);
    const job = redactSecrets(record);
    await new JSONFile<StoredJobDocument>(path).write({ formatVersion: 1, job });
    await syncFile(path);
    await syncDirectory(this.#jobsDir);
    return job;
  }

  async #read(jobId: string): Promise<JobRecord | undefined> {
    const path = this.#pathOf(jobId);
    let document: unknown;
    try {
      document = await new JSONFile<StoredJobDocument>(path).read();
    } catch (error) {
      throw new StoredJobCorruptError(path, 'it is not valid JSON', { cause: error });
    }
    if (document === null) return undefined;
    return readEnvelope(document, path, jobId);
  }

  #pathOf(jobId: string): string {
    return join(this.#jobsDir, `${jobId}.json`);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError('job store');
  }
}

function readEnvelope(document: unknown, path: string, jobId: string): JobRecord {
  if (typeof document !== 'object' || document === null || !('formatVersion' in document)) {
    throw new StoredJobCorruptError(path, 'it is not a saved job');
  }
  if (document.formatVersion !== 1 || !('job' in document)) {
    throw new StoredJobCorruptError(path, `its format version ${String(document.formatVersion)} is unknown`);
  }
  const job = document.job as JobRecord;
  if (job?.jobId !== jobId) throw new StoredJobCorruptError(path, `it holds job ${String(job?.jobId)}`);
  return job;
}

function isSafeJobId(jobId: unknown): jobId is string {
  return typeof jobId === 'string' && SAFE_JOB_ID.test(jobId);
}

function requireSafeJobId(jobId: unknown): string {
  if (!isSafeJobId(jobId)) throw new InvalidOperationIdError(jobId);
  return jobId;
}
