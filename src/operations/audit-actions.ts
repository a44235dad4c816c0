/** The `action` of every audit entry the product writes. Renaming one breaks reports on old entries. */
export const AUDIT_ACTIONS = {
  /** details: file name, size, SHA-256, row count. */
  jobCreated: 'job.created',
  /** details: counts of ready / warning / blocked rows and issues per code. */
  jobValidated: 'job.validated',
  /** The requester submitted the job for approval; details: content hash, rows, ready-only, approvals needed. */
  jobSubmitted: 'job.submitted',
  jobApproved: 'job.approved',
  jobRejected: 'job.rejected',
  /** details: operation type, item count, config, retryOf. */
  jobStarted: 'job.started',
  /** details: who resumed, and how many items were pending / interrupted. */
  jobResumed: 'job.resumed',
  /** Nobody decided before the deadline; details: the deadline. */
  jobExpired: 'job.expired',
  /** The job's own state moved (started, ended); details: from, to. The engine's entries say what ran. */
  jobStateChanged: 'job.state_changed',
  /** details: who cancelled. */
  jobCancelled: 'job.cancelled',
  /** A fatal error or stopOnError ended scheduling; details: the reason. */
  jobStopped: 'job.stopped',
  /** The one extra pass over transient failures (retryPass) begins; details: its rows. */
  jobRetryPassStarted: 'job.retry_pass_started',
  /** details: the summary (state, totals, success rate, duration, stop reason). */
  jobCompleted: 'job.completed',
  itemCompleted: 'item.completed',
  itemFailed: 'item.failed',
  itemSkipped: 'item.skipped',
  /** A transient failure will be retried in the same pass; details: attempt, delay, error. */
  itemRetried: 'item.retried',
  /** A transient failure used up its retries and waits for the retry pass. */
  itemRetryDeferred: 'item.retry_deferred',
  /** An item found in progress after a restart was checked; details: the verdict. */
  itemReconciled: 'item.reconciled',
  /**
   * A signed link was used: the actor is the person the link was made for; details: the kind of file, its name,
   * its size and when the link expires.
   */
  fileDownloaded: 'file.downloaded',
} as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
