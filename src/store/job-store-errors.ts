/** Typed errors of the file job store: a stable `code`, a sentence an admin can act on, and a cause. */

export class StoredJobCorruptError extends Error {
  readonly code = 'STORED_JOB_CORRUPT';

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`The saved job ${path} cannot be read: ${reason}.`, options);
    this.name = 'StoredJobCorruptError';
  }
}

export class JobIdChangedError extends Error {
  readonly code = 'JOB_ID_CHANGED';

  constructor(jobId: string, returnedJobId: unknown) {
    super(`An update of job ${jobId} returned job ${JSON.stringify(returnedJobId)}: a job's id never changes.`);
    this.name = 'JobIdChangedError';
  }
}
