/** Typed errors of the store adapters: each has a stable `code`, a sentence an admin can act on, and a cause. */

export class InvalidJobIdError extends Error {
  readonly code = 'INVALID_JOB_ID';

  constructor(jobId: unknown) {
    super(
      `The job id ${JSON.stringify(jobId)} cannot be used as a file name ` +
        '(letters, digits, ".", "_" and "-" only, 1–128 characters, not starting with ".").',
    );
    this.name = 'InvalidJobIdError';
  }
}

export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';

  constructor(what: string) {
    super(`The ${what} is closed: nothing more can be written to it.`);
    this.name = 'StoreClosedError';
  }
}

export class StoredOperationCorruptError extends Error {
  readonly code = 'STORED_OPERATION_CORRUPT';

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`The saved operation ${path} cannot be read: ${reason}.`, options);
    this.name = 'StoredOperationCorruptError';
  }
}

export class AuditLogCorruptError extends Error {
  readonly code = 'AUDIT_LOG_CORRUPT';

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`The audit trail ${path} cannot be read: ${reason}. Run \`audit verify\` for details.`, options);
    this.name = 'AuditLogCorruptError';
  }
}

/** The trail ends before the entry its head says was written: entries were removed from its end. */
export class AuditLogTruncatedError extends Error {
  readonly code = 'AUDIT_LOG_TRUNCATED';

  constructor(path: string, headSeq: number, lastSeq: number) {
    const removed = lastSeq + 1 === headSeq ? `entry ${headSeq} was` : `entries ${lastSeq + 1}–${headSeq} were`;
    super(
      `The audit trail ${path} ends at entry ${lastSeq}, but entry ${headSeq} was written: ${removed} removed. ` +
        'Nothing more is appended to a trail with a missing end; restore it from a backup, or move it and its .head file aside to start a new one.',
    );
    this.name = 'AuditLogTruncatedError';
  }
}

export class AuditLogWriteError extends Error {
  readonly code = 'AUDIT_LOG_WRITE_FAILED';

  constructor(path: string, options?: { cause?: unknown }) {
    super(
      `Writing to the audit trail ${path} failed; no more entries are accepted until the process restarts ` +
        'and the trail is verified.',
      options,
    );
    this.name = 'AuditLogWriteError';
  }
}

/** A journal write failed: what reached the disk is unknown, so the job's journal takes no more changes. */
export class StoredOperationWriteError extends Error {
  readonly code = 'STORED_OPERATION_WRITE_FAILED';

  constructor(path: string, options?: { cause?: unknown }) {
    super(
      `Saving to ${path} failed; this job's state takes no more changes until the process restarts and replays it.`,
      options,
    );
    this.name = 'StoredOperationWriteError';
  }
}
